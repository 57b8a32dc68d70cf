// The second held-out corpus (test/fixtures/holdout2, written blind to the rules by
// scripts/make-holdout2.ts). Measured blind: 23/30 before the general fixes that
// followed; raise the floor when the checker improves, never lower it to make a change pass.
import { describeHeldOutCorpus } from './support/held-out-corpus.ts';

describeHeldOutCorpus('holdout2', new URL('../fixtures/holdout2/', import.meta.url), { mails: 30, exactMissingFloor: 30 });
