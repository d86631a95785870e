/**
 * Root-field fetches of one document merged: the operation repeated once per part, each copy's
 * root fields aliased and its variables renamed with the part's prefix (`_b3_customer`,
 * `$_b3_id`), so that one fetch asks `customer(id: …)` for every part. Each part's share is its
 * copy's fields under their own names, and the errors about them with their own path (plus the
 * errors about no field in particular, which every part gets). An answer whose data is null (a
 * non-null root field failed for one part) cannot be shared out: each part then goes alone.
 */
import { Kind, parse, print, visit, type DocumentNode, type FieldNode, type OperationDefinitionNode, type VariableDefinitionNode } from 'graphql';
import { memoByText } from '../memo-by-text.js';
import type { BatchablePart, MergedFetch } from './fetch-batches.js';
import { atPath, withRequest, type SubgraphAnswer, type SubgraphFetchOptions } from './subgraph-fetch.js';

/** What the merge needs of a document: its one query operation, its root fields' response keys, the aliases each copy adds. */
interface MergeableQuery {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  rootKeys: string[];
  /** Aliases in one copy once its root fields are aliased: what the subgraphs' alias limit counts. */
  aliases: number;
}

/** The documents read, and the merged texts, kept at most (memo-by-text.ts says why). */
const DOCUMENTS_KEPT = 1_000;
/**
 * A longer document is sent as it is: a merged copy is up to 30 times its size, and the merged
 * texts kept must stay small whatever documents a client's operations make the gateway send.
 */
const MERGEABLE_QUERY_CHARS = 8_192;
/** The merged texts kept, in characters in all (8 MB at most): emptied when over. */
const MERGED_CHARS_KEPT = 4_000_000;
const mergedByQueryAndCopies = new Map<string, string>();
let mergedCharsKept = 0;

const prefixOf = (copy: number) => `_b${copy}_`;
const COPY_PREFIX = /^_b\d+_/;

function readMergeable(query: string): MergeableQuery | null {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return null;
  }
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const [operation] = operations;
  if (operations.length !== 1 || operation!.operation !== 'query') return null;
  // A fragment may use the operation's variables, and one copy per part would be needed: not merged.
  if (document.definitions.some((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)) return null;
  const rootFields = operation!.selectionSet.selections;
  if (rootFields.some((selection) => selection.kind !== Kind.FIELD || selection.directives?.length)) return null;
  let aliases = 0;
  visit(operation!.selectionSet, { Field: (field) => void (field.alias && (aliases += 1)) });
  const rootKeys = (rootFields as FieldNode[]).map((field) => (field.alias ?? field.name).value);
  return { document, operation: operation!, rootKeys, aliases: aliases + rootKeys.filter((_, index) => !(rootFields[index] as FieldNode).alias).length };
}

const mergeableOf = memoByText(DOCUMENTS_KEPT, readMergeable);

function copyOf(operation: OperationDefinitionNode, copy: number): { variables: readonly VariableDefinitionNode[]; fields: FieldNode[] } {
  const prefix = prefixOf(copy);
  const renamed = visit(operation, {
    Variable: (variable) => ({ ...variable, name: { ...variable.name, value: prefix + variable.name.value } }),
  });
  const fields = (renamed.selectionSet.selections as FieldNode[]).map((field) => ({
    ...field,
    alias: { kind: Kind.NAME as const, value: prefix + (field.alias ?? field.name).value },
  }));
  return { variables: renamed.variableDefinitions ?? [], fields };
}

/** The merged document's text for `copies` parts: built once per document and number of parts. */
function mergedQuery(query: string, { document, operation }: MergeableQuery, copies: number): string {
  const key = `${copies}\u0000${query}`;
  let merged = mergedByQueryAndCopies.get(key);
  if (merged === undefined) {
    const each = Array.from({ length: copies }, (_, copy) => copyOf(operation, copy));
    const mergedOperation: OperationDefinitionNode = {
      ...operation,
      variableDefinitions: each.flatMap(({ variables }) => variables),
      selectionSet: { ...operation.selectionSet, selections: each.flatMap(({ fields }) => fields) },
    };
    merged = print({ ...document, definitions: [mergedOperation] });
    if (mergedByQueryAndCopies.size >= DOCUMENTS_KEPT || mergedCharsKept + merged.length > MERGED_CHARS_KEPT) {
      mergedByQueryAndCopies.clear();
      mergedCharsKept = 0;
    }
    mergedByQueryAndCopies.set(key, merged);
    mergedCharsKept += merged.length;
  }
  return merged;
}

export class RootFetchPart<Options extends SubgraphFetchOptions, Result extends SubgraphAnswer> implements BatchablePart<Options, Result> {
  readonly weight: number;

  private constructor(
    readonly options: Options,
    private readonly mergeable: MergeableQuery,
  ) {
    this.weight = mergeable.aliases;
  }

  /** A root-field query's part, or null for a document that is not merged (several operations, fragments, a directive at the root, too long). */
  static of<Options extends SubgraphFetchOptions, Result extends SubgraphAnswer>(options: Options): RootFetchPart<Options, Result> | null {
    const { query } = options.request;
    const mergeable = query && query.length <= MERGEABLE_QUERY_CHARS ? mergeableOf(query) : null;
    return mergeable ? new RootFetchPart(options, mergeable) : null;
  }

  mergeWith(parts: readonly this[]): MergedFetch<Options, Result> {
    const { request } = this.options;
    const variables: Record<string, unknown> = {};
    parts.forEach((part, copy) => {
      for (const [name, value] of Object.entries(part.options.request.variables ?? {})) variables[prefixOf(copy) + name] = value;
    });
    const { rootKeys } = this.mergeable;
    return {
      options: withRequest(this.options, { query: mergedQuery(request.query!, this.mergeable, parts.length), operationName: request.operationName, extensions: request.extensions, variables }),
      shareOut: (answer) => {
        const data = answer.data;
        // Every copy's fields must be there: an answer that lacks one was not made for this document.
        if (!data || parts.some((_, copy) => rootKeys.some((key) => !(prefixOf(copy) + key in data)))) return null;
        return parts.map((_, copy) => rootShare(answer, data, rootKeys, prefixOf(copy)));
      },
    };
  }
}

function rootShare<Result extends SubgraphAnswer>(answer: Result, data: Record<string, unknown>, rootKeys: string[], prefix: string): Result {
  const share: Record<string, unknown> = {};
  for (const key of rootKeys) share[key] = data[prefix + key];
  const errors = [];
  for (const error of answer.errors ?? []) {
    const [first, ...rest] = error.path ?? [];
    if (typeof first !== 'string' || !COPY_PREFIX.test(first)) errors.push(error);
    else if (first.startsWith(prefix)) errors.push(atPath(error, [first.slice(prefix.length), ...rest]));
  }
  return { ...answer, data: share, errors: errors.length > 0 ? errors : undefined };
}
