/**
 * The lines of an address as they go in the envelope window, in the order the posts read
 * them: recipient, attention, street lines, "postcode city province", and the country's name
 * for a letter abroad (UPU S42: the country last, in capitals).
 */
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import type { AudiencePostalAddress } from '../audience/sales-audience.js';

countries.registerLocale(en);

/** Letters are posted from here; the country line is left out for addresses in it. */
export const HOME_COUNTRY = 'IT';

export function addressLinesOf(address: AudiencePostalAddress, homeCountry: string = HOME_COUNTRY): string[] {
  const cityLine = [address.postalCode, address.city, address.province].filter(Boolean).join(' ');
  const country = address.country === homeCountry ? null : (countries.getName(address.country, 'en') ?? address.country).toUpperCase();
  return [address.recipient, address.attention, address.street, address.street2, cityLine, country].filter((line): line is string => Boolean(line));
}
