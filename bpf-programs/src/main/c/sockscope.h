/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Records sockscope's eBPF programs put on the ring buffer, and the configuration they
 * read. This header is the single definition of these layouts: the Java decoder
 * (io.sockscope.internal.record.RecordLayout) is checked against it by a test that
 * compiles this file and prints every offset.
 *
 * All fields are little-endian host order except the ports and addresses, which are kept
 * in network byte order exactly as the kernel stores them.
 */
#ifndef SOCKSCOPE_H
#define SOCKSCOPE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;
#endif

/* The largest payload one data record carries; the configured cap may only lower it.
 * A whole data record must fit a per-CPU map value (32 KiB). */
#define SOCKSCOPE_MAX_PAYLOAD 30720
/* iovec entries copied per readv/writev/sendmsg/recvmsg; bytes past them are reported
 * as not captured. */
#define SOCKSCOPE_MAX_IOV 16
#define SOCKSCOPE_COMM_LEN 16
#define SOCKSCOPE_ADDR_LEN 16

enum sockscope_record_kind {
	SOCKSCOPE_REC_CONN_OPEN = 1,
	SOCKSCOPE_REC_DATA = 2,
	SOCKSCOPE_REC_CONN_CLOSE = 3,
	SOCKSCOPE_REC_PROC_EXIT = 4,
};

enum sockscope_role {
	SOCKSCOPE_ROLE_UNKNOWN = 0,
	SOCKSCOPE_ROLE_CLIENT = 1, /* the process called connect() */
	SOCKSCOPE_ROLE_SERVER = 2, /* the process got the socket from accept() */
};

enum sockscope_direction {
	SOCKSCOPE_DIR_SENT = 0,
	SOCKSCOPE_DIR_RECEIVED = 1,
};

/* Which call moved the bytes of a data record. */
enum sockscope_source {
	SOCKSCOPE_SRC_WRITE = 1,
	SOCKSCOPE_SRC_READ = 2,
	SOCKSCOPE_SRC_SENDTO = 3,
	SOCKSCOPE_SRC_RECVFROM = 4,
	SOCKSCOPE_SRC_WRITEV = 5,
	SOCKSCOPE_SRC_READV = 6,
	SOCKSCOPE_SRC_SENDMSG = 7,
	SOCKSCOPE_SRC_RECVMSG = 8,
};

/* Indexes of the per-CPU loss counters (map "losses"). */
enum sockscope_loss {
	SOCKSCOPE_LOSS_RECORDS = 0, /* records the full ring refused */
	SOCKSCOPE_LOSS_BYTES = 1,   /* payload bytes those records carried */
	SOCKSCOPE_LOSS_COUNT = 2,
};

/* A connection: the process, its fd, and when sockscope first saw that fd as this socket,
 * so that a reused fd number is a new connection. */
struct sockscope_conn_id {
	u32 tgid;
	s32 fd;
	u64 generation;
};

struct sockscope_header {
	u32 kind;
	u32 cpu;
	u64 timestamp_ns; /* CLOCK_MONOTONIC, as bpf_ktime_get_ns() */
};

struct sockscope_conn_open {
	struct sockscope_header header;
	struct sockscope_conn_id conn;
	u32 role;
	u32 tid;
	u16 family; /* AF_INET or AF_INET6 */
	u16 local_port;  /* network order */
	u16 remote_port; /* network order */
	u16 reserved;
	u8 local_addr[SOCKSCOPE_ADDR_LEN];  /* IPv4 in the first 4 bytes */
	u8 remote_addr[SOCKSCOPE_ADDR_LEN];
	char comm[SOCKSCOPE_COMM_LEN];
};

struct sockscope_data {
	struct sockscope_header header;
	struct sockscope_conn_id conn;
	u32 direction;
	u32 source;
	u64 position; /* bytes moved in this direction before this chunk */
	u32 size;     /* bytes this chunk spans in the stream */
	u32 captured; /* bytes of them in payload; size - captured were not copied */
	u8 payload[SOCKSCOPE_MAX_PAYLOAD];
};

struct sockscope_conn_close {
	struct sockscope_header header;
	struct sockscope_conn_id conn;
	u64 bytes_sent;
	u64 bytes_received;
};

struct sockscope_proc_exit {
	struct sockscope_header header;
	u32 tgid;
	u32 reserved;
};

/* Set before load through the object's .rodata; this is its only variable. */
struct sockscope_config {
	u32 capture_cap;     /* payload bytes copied per chunk, at most SOCKSCOPE_MAX_PAYLOAD */
	u32 filter_pids;     /* non-zero: only processes in map "pid_filter" */
	u32 filter_ports;    /* non-zero: only connections with a port in map "port_filter" */
	u32 self_tgid;       /* the tracer's own process, never traced */
};

#endif /* SOCKSCOPE_H */
