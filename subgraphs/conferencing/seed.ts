/** Loads conferencing's part of the demo world into an empty database, all or nothing. */
import { buildWorld, DEMO_CUSTOMERS, type World } from '../../prisma/demo/world.js';
import type { ConferencingPrisma } from './database.js';

export async function insertConferencingRows(prisma: ConferencingPrisma, { conferencing }: World): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.bridgeReservation.createMany({ data: conferencing.reservations });
    await tx.conference.createMany({ data: conferencing.conferences });
    await tx.participantLeg.createMany({ data: conferencing.legs });
  });
}

export async function seedConferencingDemoData(prisma: ConferencingPrisma, now = new Date()): Promise<boolean> {
  if (await prisma.bridgeReservation.findFirst({ select: { id: true } })) return false;
  await insertConferencingRows(prisma, buildWorld({ customers: DEMO_CUSTOMERS, now }));
  return true;
}
