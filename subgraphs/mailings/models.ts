/** Parents of the GraphQL types that have no row of their own. */
export interface CampaignReportParent {
  campaignId: string;
  audience: number;
  printed: number;
  skipped: number;
  emailed: number;
  listedWithoutEmail: number;
}
