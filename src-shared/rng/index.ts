/** Seeded randomness for every draw a study makes. */
export { createRng, type Rng } from './seeded.ts';
