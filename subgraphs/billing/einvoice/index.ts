/**
 * FatturaPA e-invoicing: `eInvoiceOf(document)` builds the file SdI takes,
 * `validateFatturaPA(xml)` checks it against the official schema and
 * `checkFatturaPAArithmetic(xml)` re-parses it and recomputes SdI's arithmetic.
 */
export * from './document.js';
export { assertEInvoiceDocument, eInvoiceDocumentIssues, eInvoiceIssuerIssues, FIELD_LIMITS, type EInvoiceIssue } from './check-document.js';
export { eInvoiceFileName, eInvoiceOf, stampDutyDue, STAMP_DUTY_AMOUNT, STAMP_DUTY_THRESHOLD, type EInvoiceFile } from './build.js';
export { validateFatturaPA, type FatturaPAValidation } from './validate.js';
export { checkFatturaPAArithmetic } from './arithmetic.js';
export { codiceFiscaleProblem, ibanProblem, isValidPartitaIva, partitaIvaProblem } from './fiscal-codes.js';
