@NullMarked
package io.sockscope.internal.bpf;

import org.jspecify.annotations.NullMarked;
