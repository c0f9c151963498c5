@NullMarked
package io.sockscope.internal.libc;

import org.jspecify.annotations.NullMarked;
