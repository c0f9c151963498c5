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
/* Records one span of a call is cut into before the rest is reported as not captured: with
 * the per-call budget (config.max_capture_per_call) this bounds the bytes copied per call. */
#define SOCKSCOPE_MAX_CHUNKS_PER_SPAN 32
/* Messages of one sendmmsg/recvmmsg whose bytes are copied; the sizes of later ones (up to
 * SOCKSCOPE_MAX_MMSG_COUNTED) still advance the position, as not captured. */
#define SOCKSCOPE_MAX_MMSG 16
#define SOCKSCOPE_MAX_MMSG_COUNTED 1024
#define SOCKSCOPE_COMM_LEN 16
#define SOCKSCOPE_ADDR_LEN 16
#define SOCKSCOPE_UNIX_PATH_LEN 108

enum sockscope_record_kind {
	SOCKSCOPE_REC_CONN_OPEN = 1,
	SOCKSCOPE_REC_DATA = 2,
	SOCKSCOPE_REC_CONN_CLOSE = 3,
	SOCKSCOPE_REC_PROC_EXIT = 4,
	SOCKSCOPE_REC_PROC_EXEC = 5, /* same layout as PROC_EXIT: the process's sockets were forgotten */
	SOCKSCOPE_REC_BYPASS = 6,    /* bytes of a connection move where sockscope cannot see them */
};

/* Why a connection's bytes bypass the captured calls (struct sockscope_bypass). */
enum sockscope_bypass_reason {
	SOCKSCOPE_BYPASS_SPLICE = 1,
	SOCKSCOPE_BYPASS_IO_URING = 2,
};

/* Flags of a data record. */
enum sockscope_data_flags {
	SOCKSCOPE_DATA_DATAGRAM = 1,      /* from a datagram socket: the record is part of one message */
	SOCKSCOPE_DATA_MESSAGE_START = 2, /* the first record of a message of message_size bytes */
	SOCKSCOPE_DATA_SKIPPED_MESSAGES = 4, /* whole messages past SOCKSCOPE_MAX_MMSG, not copied */
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
	SOCKSCOPE_SRC_SENDMMSG = 9,
	SOCKSCOPE_SRC_RECVMMSG = 10,
	SOCKSCOPE_SRC_SENDFILE = 11,
	SOCKSCOPE_SRC_TLS_WRITE = 12, /* plaintext given to a TLS library (SSL_write, gnutls_record_send, ...) */
	SOCKSCOPE_SRC_TLS_READ = 13,  /* plaintext a TLS library returned (SSL_read, gnutls_record_recv, ...) */
};

/* Indexes of the per-CPU loss counters (map "losses"). */
enum sockscope_loss {
	SOCKSCOPE_LOSS_RECORDS = 0, /* records the full ring refused */
	SOCKSCOPE_LOSS_BYTES = 1,   /* payload bytes those records carried */
	SOCKSCOPE_LOSS_TLS_UNATTRIBUTED_CALLS = 2, /* TLS calls whose socket was not known: not reported */
	SOCKSCOPE_LOSS_TLS_UNATTRIBUTED_BYTES = 3, /* plaintext bytes those calls moved */
	SOCKSCOPE_LOSS_COUNT = 4,
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
	u16 family; /* AF_INET, AF_INET6 or AF_UNIX */
	u16 local_port;  /* network order */
	u16 remote_port; /* network order */
	u16 sock_type;   /* SOCK_STREAM or SOCK_DGRAM */
	u8 local_addr[SOCKSCOPE_ADDR_LEN];  /* IPv4 in the first 4 bytes */
	u8 remote_addr[SOCKSCOPE_ADDR_LEN];
	char comm[SOCKSCOPE_COMM_LEN];
	/* AF_UNIX: the bound paths of each end (length 0: unnamed; a leading NUL: abstract) */
	u16 local_path_len;
	u16 remote_path_len;
	char local_path[SOCKSCOPE_UNIX_PATH_LEN];
	char remote_path[SOCKSCOPE_UNIX_PATH_LEN];
	u32 reserved;
};

struct sockscope_data {
	struct sockscope_header header;
	struct sockscope_conn_id conn;
	u32 direction;
	u32 source;
	u64 position; /* bytes moved in this direction before this chunk */
	u32 size;     /* bytes this chunk spans in the stream */
	u32 captured; /* bytes of them in payload; size - captured were not copied */
	u16 peer_family; /* datagrams: where this message came from or went to; 0 if unknown */
	u16 peer_port;   /* network order */
	u32 flags;       /* enum sockscope_data_flags */
	u32 message_size; /* with SOCKSCOPE_DATA_MESSAGE_START: the whole message's size */
	u32 tls_library;  /* TLS sources: the id user space gave the library's probes; else 0 */
	u8 peer_addr[SOCKSCOPE_ADDR_LEN];
	u8 payload[SOCKSCOPE_MAX_PAYLOAD];
};

struct sockscope_conn_close {
	struct sockscope_header header;
	struct sockscope_conn_id conn;
	u64 bytes_sent;     /* at the socket */
	u64 bytes_received;
	u64 tls_bytes_sent; /* plaintext, through a TLS library's calls */
	u64 tls_bytes_received;
};

struct sockscope_proc_exit {
	struct sockscope_header header;
	u32 tgid;
	u32 reserved;
};

struct sockscope_bypass {
	struct sockscope_header header;
	struct sockscope_conn_id conn;
	u32 reason; /* enum sockscope_bypass_reason */
	u32 reserved;
};

/* Key and value of map "conns": what the kernel keeps per traced socket. User space reads
 * it, and clears `traced` (the socket's bytes) or `tls_traced` (the plaintext of its TLS
 * calls) to stop the copies of a layer it no longer parses. */
struct sockscope_conn_key {
	u32 tgid;
	s32 fd;
};

struct sockscope_conn_state {
	u64 generation;
	u64 bytes_sent;
	u64 bytes_received;
	u64 sk; /* the kernel socket, to read a connected datagram socket's peer */
	u32 role;
	u32 traced; /* 0: not traced (filtered, a kind not captured, or disabled by user space) */
	u16 family;
	u16 sock_type;
	u32 tls_library; /* non-zero once a TLS library's calls were seen on it: the socket's bytes are
			    ciphertext, not copied any more */
	u64 tls_bytes_sent;
	u64 tls_bytes_received;
	u32 tls_traced; /* 0: the plaintext is not copied (filtered, or disabled by user space) */
	u32 reserved;
};

/* Set before load through the object's .rodata; this is its only variable. */
struct sockscope_config {
	u32 max_capture_per_call; /* payload bytes copied per call, over all its records */
	u32 filter_pids;     /* non-zero: only processes in map "pid_filter" */
	u32 filter_ports;    /* non-zero: only connections with a port in map "port_filter" */
	u32 self_tgid;       /* the tracer's own process, never traced */
	u32 filter_cgroups;  /* non-zero: only processes in a cgroup (v2 id) in map "cgroup_filter" */
	u32 tls;             /* non-zero: the TLS library probes are loaded */
	u32 wakeup_bytes;    /* wake the reader when this much is waiting on the ring; else it polls */
	u32 reserved;
};

#endif /* SOCKSCOPE_H */
