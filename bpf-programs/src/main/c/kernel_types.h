/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The few kernel types sockscope's programs read, declared with only the fields used.
 * preserve_access_index makes every access a CO-RE relocation: libbpf finds each field's
 * real offset in the running kernel's BTF (/sys/kernel/btf/vmlinux) at load time, so no
 * multi-megabyte vmlinux.h is needed and no offset is assumed.
 */
#ifndef SOCKSCOPE_KERNEL_TYPES_H
#define SOCKSCOPE_KERNEL_TYPES_H

#include <linux/types.h>

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

struct trace_entry {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt_count;
	int pid;
};

/* The context of every syscalls/sys_enter_* tracepoint. */
struct trace_event_raw_sys_enter {
	struct trace_entry ent;
	long id;
	unsigned long args[6];
};

/* The context of every syscalls/sys_exit_* tracepoint. */
struct trace_event_raw_sys_exit {
	struct trace_entry ent;
	long id;
	long ret;
};

struct inode {
	unsigned short i_mode;
};

struct file {
	struct inode *f_inode;
	void *private_data;
};

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
};

struct files_struct {
	struct fdtable *fdt;
};

struct task_struct {
	struct files_struct *files;
};

struct in6_addr {
	union {
		__u8 u6_addr8[16];
	} in6_u;
};

/* The kernel keeps these inside anonymous unions; CO-RE finds them by name. */
struct sock_common {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	__be16 skc_dport;
	__u16 skc_num;
	unsigned short skc_family;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
};

struct sock {
	struct sock_common __sk_common;
	__u16 sk_type;
};

struct sockaddr_un {
	unsigned short sun_family;
	char sun_path[108];
};

struct unix_address {
	int len; /* of name: the family and the path */
	struct sockaddr_un name[];
};

struct unix_sock {
	struct sock sk;
	struct unix_address *addr;
	struct sock *peer;
};

/* The context of the io_uring/io_uring_file_get tracepoint: io_uring looks up a request's fd. */
struct trace_event_raw_io_uring_file_get {
	struct trace_entry ent;
	void *ctx;
	void *req;
	__u64 user_data;
	int fd;
};

struct socket {
	struct sock *sk;
};

/* The registers at a kprobe, for the kprobe backend's arguments (bpf_tracing.h). */
#if defined(__TARGET_ARCH_x86)
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};
#elif defined(__TARGET_ARCH_arm64)
struct user_pt_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;
	__u64 pstate;
};
struct pt_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;
	__u64 pstate;
	__u64 orig_x0;
};
#endif

#pragma clang attribute pop

#endif /* SOCKSCOPE_KERNEL_TYPES_H */
