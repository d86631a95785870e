/**
 * `npm run bench:einvoice [-- --invoices 10000 --lines 10]`: how long a month of FatturaPA
 * files takes: building each invoice (checks and XML), validating it against the official
 * schema, and re-parsing it for the arithmetic check, for invoices of about 10 lines spread
 * over every kind of customer. Prints each step's total, per invoice, and the files' size.
 */
import { parseArgs } from 'node:util';
import { Decimal } from 'decimal.js';
import { DEMO_RECIPIENTS, demoInvoice, lineOf, type DemoRecipientKind } from '../subgraphs/billing/einvoice/demo-documents.js';
import { checkFatturaPAArithmetic, eInvoiceOf, validateFatturaPA, type EInvoiceDocument } from '../subgraphs/billing/einvoice/index.js';

const { values } = parseArgs({ options: { invoices: { type: 'string', default: '10000' }, lines: { type: 'string', default: '10' } } });
const invoiceCount = Number(values.invoices);
const linesPerInvoice = Number(values.lines);
const kinds = Object.keys(DEMO_RECIPIENTS) as DemoRecipientKind[];

function documentNumber(index: number): EInvoiceDocument {
  const kind = kinds[index % kinds.length]!;
  const { treatment } = DEMO_RECIPIENTS[kind];
  const lines = Array.from({ length: linesPerInvoice }, (_, line) =>
    lineOf(`Conferenze, servizio ${line + 1}`, new Decimal(100 + ((index * 7 + line * 13) % 900)).plus('0.2500').toFixed(4), ['0.0385', '0.081', '0.042', '2.50'][line % 4]!, treatment),
  );
  return demoInvoice(kind, { number: `INV-2026-${String(index + 1).padStart(6, '0')}`, progressive: (index + 1).toString(36).toUpperCase().padStart(5, '0'), lines });
}

const documents = Array.from({ length: invoiceCount }, (_, index) => documentNumber(index));
validateFatturaPA(eInvoiceOf(documents[0]!).xml); // compiles the schema once, outside the timings

const timings = { build: 0, schema: 0, arithmetic: 0 };
let bytes = 0;
let invalid = 0;
const started = performance.now();
for (const document of documents) {
  let mark = performance.now();
  const { xml } = eInvoiceOf(document);
  timings.build += performance.now() - mark;
  bytes += Buffer.byteLength(xml);
  mark = performance.now();
  const schema = validateFatturaPA(xml);
  timings.schema += performance.now() - mark;
  mark = performance.now();
  const arithmetic = checkFatturaPAArithmetic(xml);
  timings.arithmetic += performance.now() - mark;
  if (!schema.valid || !arithmetic.valid) invalid += 1;
}
const total = performance.now() - started;

const row = (step: string, ms: number) => `${step.padEnd(28)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${((ms * 1000) / invoiceCount).toFixed(0).padStart(6)} µs/invoice`;
console.log(`${invoiceCount} invoices of ${linesPerInvoice} lines, ${(bytes / invoiceCount / 1024).toFixed(1)} KiB each (${(bytes / 1024 / 1024).toFixed(1)} MiB in all)`);
console.log(row('build (checks + XML)', timings.build));
console.log(row('validate (official XSD)', timings.schema));
console.log(row('arithmetic (re-parse)', timings.arithmetic));
console.log(row('total', total));
console.log(`peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
if (invalid > 0) {
  console.error(`${invalid} invoices were not valid`);
  process.exitCode = 1;
}
