/** Which columns a batch reads for the fields a query asks of its rows (subgraphs/shared/batching.ts). */
import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { columnsAskedFor, type RowColumns } from '../../subgraphs/shared/batching.js';

const RESERVATION: RowColumns = { columns: ['id', 'bookingId', 'accessCode', 'moderatorPin', 'status'], computed: { booking: ['bookingId'] }, always: ['id', 'bookingId'] };

/** The resolve info of the `bridge` field of the operation's first `_entities` item. */
function infoOfBridge(document: string): GraphQLResolveInfo {
  const parsed = parse(document);
  const operation = parsed.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    parsed.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );
  const bridges: FieldNode[] = [];
  const collect = (node: { selectionSet?: { selections: readonly any[] } }) => {
    for (const selection of node.selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD && selection.name.value === 'bridge') bridges.push(selection);
      else collect(selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value]! : selection);
    }
  };
  collect(operation);
  return { fieldNodes: bridges, fragments } as unknown as GraphQLResolveInfo;
}

describe('columnsAskedFor', () => {
  it('reads the keys and the columns of the fields asked for, through fragments', () => {
    expect(columnsAskedFor(infoOfBridge('{ _entities { ... on Booking { bridge { accessCode } } } }'), RESERVATION)).toEqual(['accessCode', 'bookingId', 'id']);
    expect(columnsAskedFor(infoOfBridge('{ _entities { ... on Booking { bridge { __typename ...codes ... on BridgeReservation { status } } } } } fragment codes on BridgeReservation { moderatorPin }'), RESERVATION)).toEqual(['bookingId', 'id', 'moderatorPin', 'status']);
  });

  it('reads the columns a computed field names', () => {
    expect(columnsAskedFor(infoOfBridge('{ _entities { ... on Booking { bridge { booking { id } } } } }'), { ...RESERVATION, always: ['id'] })).toEqual(['bookingId', 'id']);
  });

  it('follows a path down to the rows, as edges.node of a connection', () => {
    const page = infoOfBridge('{ _entities { ... on Booking { bridge { edges { cursor node { accessCode } } pageInfo { hasNextPage } } } } }');
    expect(columnsAskedFor(page, RESERVATION, ['edges', 'node'])).toEqual(['accessCode', 'bookingId', 'id']);
  });

  it('reads every column when a field is asked that it does not know', () => {
    expect(columnsAskedFor(infoOfBridge('{ _entities { ... on Booking { bridge { accessCode conferences { id } } } } }'), RESERVATION)).toBeNull();
  });
});
