/** The scalars every subgraph declares, from graphql-scalars (strict ISO 8601 parsing). */
import { GraphQLDate, GraphQLDateTime } from 'graphql-scalars';

export const dateTimeScalars = { DateTime: GraphQLDateTime };
export const dateScalars = { DateTime: GraphQLDateTime, Date: GraphQLDate };
