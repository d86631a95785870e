/**
 * Where things go on an A4 letter (595.28 x 841.89 pt) so the address shows through the
 * window of a standard envelope (DIN 5008; DL and C5/6 envelopes use the same window):
 * the address field is 85 x 45 mm, 20 mm from the left edge (right window: 20 mm from the
 * right edge), 45 mm from the top (form B, the usual) or 27 mm (form A). Its first 17.7 mm
 * hold the return-address line; the address itself fills the 27.3 mm below it, 6 lines at
 * most, set 5 mm in from the field's edge so a letter shifted in its envelope still shows it.
 */
export const MM = 72 / 25.4;
export const A4 = { width: 595.28, height: 841.89 };

export type WindowSide = 'LEFT' | 'RIGHT';
export type AddressPosition = 'DIN_5008_A' | 'DIN_5008_B';

export interface AddressField {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const ADDRESS_FIELD_MM = { width: 85, height: 45, fromSide: 20 };
const FIELD_TOP_MM: Record<AddressPosition, number> = { DIN_5008_A: 27, DIN_5008_B: 45 };
/** Fold marks (to fold the sheet into thirds for the window) differ by form. */
const FOLD_MARKS_MM: Record<AddressPosition, number[]> = { DIN_5008_A: [87, 192], DIN_5008_B: [105, 210] };
export const RETURN_ZONE_MM = 17.7;
export const ADDRESS_INSET_MM = 5;
export const ADDRESS_FONT_SIZE = 10;
export const MIN_ADDRESS_FONT_SIZE = 7;
export const MAX_ADDRESS_LINES = 6;

export function addressField(window: WindowSide, position: AddressPosition): AddressField {
  const x = window === 'LEFT' ? ADDRESS_FIELD_MM.fromSide : 210 - ADDRESS_FIELD_MM.fromSide - ADDRESS_FIELD_MM.width;
  return { x: x * MM, y: FIELD_TOP_MM[position] * MM, width: ADDRESS_FIELD_MM.width * MM, height: ADDRESS_FIELD_MM.height * MM };
}

export function foldMarks(position: AddressPosition): number[] {
  return FOLD_MARKS_MM[position].map((mm) => mm * MM);
}

/** Text margins: 25 mm left (DIN 5008), 20 mm right and top, 25 mm bottom to leave room for the page number. */
export const MARGINS = { left: 25 * MM, right: 20 * MM, top: 20 * MM, bottom: 25 * MM };
