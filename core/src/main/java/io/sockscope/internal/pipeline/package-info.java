@NullMarked
package io.sockscope.internal.pipeline;

import org.jspecify.annotations.NullMarked;
