/**
 * Campaigns as Prometheus sees them, read from the Campaign table when scraped (a handful of
 * rows): how many are in each state, and how far the running ones together have got. Totals,
 * never one series per campaign: campaign ids would grow without bound.
 */
import { Gauge } from 'prom-client';
import { METRIC_PREFIX, type ServiceMetrics } from '../../shared/observability/metrics.js';
import type { MailingsPrisma } from '../database.js';

const STATUSES = ['DRAFT', 'RUNNING', 'COMPLETED', 'FAILED'] as const;

export function observeCampaigns({ registry }: ServiceMetrics, prisma: MailingsPrisma): void {
  const registers = [registry];
  new Gauge({
    name: `${METRIC_PREFIX}mailings_campaigns`,
    help: 'Campaigns by status (draft, running, completed, failed)',
    labelNames: ['status'],
    registers,
    async collect() {
      this.reset();
      const groups = await prisma.campaign.groupBy({ by: ['status'], _count: { _all: true } }).catch(() => null);
      if (!groups) return;
      for (const status of STATUSES) this.set({ status: status.toLowerCase() }, groups.find((group) => group.status === status)?._count._all ?? 0);
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}mailings_running_campaign_recipients`,
    help: 'Recipients of the running campaigns together: their audience (as far as known), those collected, and the letters printed',
    labelNames: ['progress'],
    registers,
    async collect() {
      this.reset();
      const running = await prisma.campaign.aggregate({ where: { status: 'RUNNING' }, _sum: { audienceTotal: true, collected: true, letters: true } }).catch(() => null);
      if (!running) return;
      this.set({ progress: 'audience' }, running._sum.audienceTotal ?? 0);
      this.set({ progress: 'collected' }, running._sum.collected ?? 0);
      this.set({ progress: 'letters' }, running._sum.letters ?? 0);
    },
  });
}
