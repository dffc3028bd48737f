"""The compatibility score and the whole-cohort matcher (issue 4, items 1–2;
seed 000 stage 5).

- ``scoring``: the score of every mentor–mentee candidate of a cohort, term by
  term, and the hard exclusions, vectorised over plain facts (no database);
- ``solver``: the exact assignment maximising the total score under the
  mentors' free places (scipy's linear sum assignment);
- ``cohort``: the facts loaded from the database in a fixed number of queries.

The writes (draft pairs, runs, audit) live in ``pairs.services.matching``.
"""
