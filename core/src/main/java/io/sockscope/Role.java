package io.sockscope;

/** The part the traced process plays on a connection. */
public enum Role {
  /** The process called {@code connect()}. */
  CLIENT,
  /** The process took the connection from {@code accept()}. */
  SERVER,
  /** The connection was first seen in a data call, so who opened it is not known. */
  UNKNOWN
}
