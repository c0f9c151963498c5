@NullMarked
package io.sockscope.internal.conn;

import org.jspecify.annotations.NullMarked;
