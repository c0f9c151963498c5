@NullMarked
package io.sockscope.internal.record;

import org.jspecify.annotations.NullMarked;
