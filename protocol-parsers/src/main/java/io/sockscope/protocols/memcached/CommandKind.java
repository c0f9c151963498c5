package io.sockscope.protocols.memcached;

/** What shape of response a command gets, and which attributes its exchange carries. */
enum CommandKind {
  /** set, add, replace, append, prepend, cas (binary: SET, ADD, ...): a data block goes with it. */
  STORAGE,
  /** get, gets, gat, gats (binary: GET, GETK, GAT, ... and their quiet forms): keys and hits. */
  RETRIEVAL,
  /** stats (binary: STAT): STAT lines until END, or one line. */
  STATS,
  /** mg, ms, md, ma, mn, me: one response line, VA with a data block. */
  META,
  /** Everything else: one response line. */
  OTHER
}
