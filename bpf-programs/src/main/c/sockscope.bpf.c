// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Syscall capture through syscall tracepoints: which sockets processes open, and the bytes
 * they move on them. Entry programs save the arguments per thread; exit programs read the
 * result, copy the bytes actually transferred and put records on one ring buffer.
 * Record layouts: sockscope.h.
 */
#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include "kernel_types.h"
#include "sockscope.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define AF_INET 2
#define AF_INET6 10
#define SOCK_STREAM 1
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define EINPROGRESS 115

#define MAX_CONNECTIONS 65536
#define MAX_THREADS_IN_CALLS 16384
#define MAX_FILTER_ENTRIES 1024

const volatile struct sockscope_config config = {
	.capture_cap = 4096,
};

/* Sized by user space before load (bpf_map__set_max_entries). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024);
} records SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SOCKSCOPE_LOSS_COUNT);
	__type(key, u32);
	__type(value, u64);
} losses SEC(".maps");

struct conn_key {
	u32 tgid;
	s32 fd;
};

struct conn_state {
	u64 generation;
	u64 bytes_sent;
	u64 bytes_received;
	u32 role;
	u32 traced; /* 0: a socket sockscope does not trace (filtered, not TCP) */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_CONNECTIONS);
	__type(key, struct conn_key);
	__type(value, struct conn_state);
} conns SEC(".maps");

/* A data call in flight: what its exit program needs from its entry. */
struct io_args {
	u64 buf;      /* the buffer, or the iovec array when iovcnt > 0 */
	s32 fd;
	u32 source;   /* enum sockscope_source */
	u32 direction;
	u32 iovcnt;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_THREADS_IN_CALLS);
	__type(key, u64);
	__type(value, struct io_args);
} active_io SEC(".maps");

/* A connect() or accept() in flight. */
struct sock_args {
	s32 fd;
	u32 role;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_THREADS_IN_CALLS);
	__type(key, u64);
	__type(value, struct sock_args);
} active_sock SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_FILTER_ENTRIES);
	__type(key, u32);
	__type(value, u8);
} pid_filter SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_FILTER_ENTRIES);
	__type(key, u16); /* host order */
	__type(value, u8);
} port_filter SEC(".maps");

/* Room to build one data record, per CPU: too large for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct sockscope_data);
} scratch SEC(".maps");

/* The user-space layout of struct msghdr (x86_64 and arm64 ABI). */
struct user_msghdr_abi {
	u64 msg_name;
	u32 msg_namelen;
	u32 pad;
	u64 msg_iov;
	u64 msg_iovlen;
};

struct user_iovec {
	u64 iov_base;
	u64 iov_len;
};

static __always_inline void count_loss(u64 bytes)
{
	u32 key = SOCKSCOPE_LOSS_RECORDS;
	u64 *n = bpf_map_lookup_elem(&losses, &key);
	if (n)
		*n += 1;
	key = SOCKSCOPE_LOSS_BYTES;
	n = bpf_map_lookup_elem(&losses, &key);
	if (n)
		*n += bytes;
}

static __always_inline void emit(void *record, u64 size, u64 payload_bytes)
{
	if (bpf_ringbuf_output(&records, record, size, 0) != 0)
		count_loss(payload_bytes);
}

static __always_inline bool process_traced(u32 tgid)
{
	if (tgid == config.self_tgid)
		return false;
	if (config.filter_pids && !bpf_map_lookup_elem(&pid_filter, &tgid))
		return false;
	return true;
}

static __always_inline bool port_traced(u16 local_port, u16 remote_port)
{
	if (!config.filter_ports)
		return true;
	return bpf_map_lookup_elem(&port_filter, &local_port) || bpf_map_lookup_elem(&port_filter, &remote_port);
}

/* The kernel socket behind a file descriptor of the current process, or NULL when the fd
 * is not a socket (a file, a pipe, ...). */
static __always_inline struct sock *socket_of_fd(s32 fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	if (!fdt || fd < 0 || (u32)fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *file = NULL;
	bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]);
	if (!file)
		return NULL;
	if ((BPF_CORE_READ(file, f_inode, i_mode) & S_IFMT) != S_IFSOCK)
		return NULL;
	struct socket *socket = BPF_CORE_READ(file, private_data);
	return BPF_CORE_READ(socket, sk);
}

/* Starts tracking fd as a connection and says so on the ring. Returns NULL when fd is not
 * a socket; a socket that is not traced is remembered with traced = 0, so later calls on it
 * cost one lookup. */
static __always_inline struct conn_state *open_connection(u32 tgid, s32 fd, u32 role)
{
	struct sock *sk = socket_of_fd(fd);
	if (!sk)
		return NULL;

	struct conn_key key = {.tgid = tgid, .fd = fd};
	struct conn_state state = {.generation = bpf_ktime_get_ns(), .role = role};
	u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	u16 type = BPF_CORE_READ(sk, sk_type);
	u16 local_port = BPF_CORE_READ(sk, __sk_common.skc_num);
	u16 remote_port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	state.traced = (family == AF_INET || family == AF_INET6) && type == SOCK_STREAM &&
		       port_traced(local_port, remote_port);
	bpf_map_update_elem(&conns, &key, &state, BPF_ANY);
	if (!state.traced)
		return bpf_map_lookup_elem(&conns, &key);

	struct sockscope_conn_open open = {};
	open.header.kind = SOCKSCOPE_REC_CONN_OPEN;
	open.header.cpu = bpf_get_smp_processor_id();
	open.header.timestamp_ns = state.generation;
	open.conn.tgid = tgid;
	open.conn.fd = fd;
	open.conn.generation = state.generation;
	open.role = role;
	open.tid = (u32)bpf_get_current_pid_tgid();
	open.family = family;
	open.local_port = bpf_htons(local_port);
	open.remote_port = bpf_htons(remote_port);
	if (family == AF_INET) {
		BPF_CORE_READ_INTO(&open.local_addr, sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO(&open.remote_addr, sk, __sk_common.skc_daddr);
	} else {
		BPF_CORE_READ_INTO(&open.local_addr, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&open.remote_addr, sk, __sk_common.skc_v6_daddr);
	}
	bpf_get_current_comm(&open.comm, sizeof(open.comm));
	emit(&open, sizeof(open), 0);
	return bpf_map_lookup_elem(&conns, &key);
}

static __always_inline struct conn_state *find_or_open_connection(u32 tgid, s32 fd)
{
	struct conn_key key = {.tgid = tgid, .fd = fd};
	struct conn_state *state = bpf_map_lookup_elem(&conns, &key);
	if (state)
		return state;
	return open_connection(tgid, fd, SOCKSCOPE_ROLE_UNKNOWN);
}

/* One contiguous span of a data call, to become one data record. (BPF functions take at
 * most five arguments, so the span travels as one struct.) */
struct chunk {
	u32 tgid;
	s32 fd;
	u64 generation;
	u32 direction;
	u32 source;
	u64 position;
	u64 size;
	u64 buf; /* user address of the bytes; 0 when none are to be copied */
};

/* Copies one contiguous user buffer as a data record: at most the capture cap, the rest of
 * the span reported as not captured. */
static __noinline int emit_data(struct chunk *chunk)
{
	u32 zero = 0;
	struct sockscope_data *rec = bpf_map_lookup_elem(&scratch, &zero);
	if (!rec)
		return 0;
	rec->header.kind = SOCKSCOPE_REC_DATA;
	rec->header.cpu = bpf_get_smp_processor_id();
	rec->header.timestamp_ns = bpf_ktime_get_ns();
	rec->conn.tgid = chunk->tgid;
	rec->conn.fd = chunk->fd;
	rec->conn.generation = chunk->generation;
	rec->direction = chunk->direction;
	rec->source = chunk->source;
	rec->position = chunk->position;
	rec->size = chunk->size;

	u32 captured = chunk->buf == 0 ? 0 : chunk->size < config.capture_cap ? chunk->size : config.capture_cap;
	if (captured > SOCKSCOPE_MAX_PAYLOAD)
		captured = SOCKSCOPE_MAX_PAYLOAD;
	if (captured > 0 && bpf_probe_read_user(rec->payload, captured, (void *)chunk->buf) != 0)
		captured = 0;
	rec->captured = captured;
	emit(rec, offsetof(struct sockscope_data, payload) + captured, chunk->size);
	return 0;
}

static __always_inline int enter_data(s32 fd, u64 buf, u32 source, u32 direction, u32 iovcnt)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tgid = id >> 32;
	if (!process_traced(tgid))
		return 0;
	struct conn_state *conn = find_or_open_connection(tgid, fd);
	if (!conn || !conn->traced)
		return 0;
	struct io_args args = {.buf = buf, .fd = fd, .source = source, .direction = direction, .iovcnt = iovcnt};
	bpf_map_update_elem(&active_io, &id, &args, BPF_ANY);
	return 0;
}

static __always_inline int exit_data(long ret)
{
	u64 id = bpf_get_current_pid_tgid();
	struct io_args *saved = bpf_map_lookup_elem(&active_io, &id);
	if (!saved)
		return 0;
	struct io_args args = *saved;
	bpf_map_delete_elem(&active_io, &id);
	if (ret <= 0)
		return 0;

	u32 tgid = id >> 32;
	struct conn_key key = {.tgid = tgid, .fd = args.fd};
	struct conn_state *conn = bpf_map_lookup_elem(&conns, &key);
	if (!conn || !conn->traced)
		return 0;
	u64 *counter = args.direction == SOCKSCOPE_DIR_SENT ? &conn->bytes_sent : &conn->bytes_received;
	struct chunk chunk = {
		.tgid = tgid,
		.fd = args.fd,
		.generation = conn->generation,
		.direction = args.direction,
		.source = args.source,
		.position = __sync_fetch_and_add(counter, (u64)ret),
		.size = ret,
		.buf = args.buf,
	};
	if (args.iovcnt == 0)
		return emit_data(&chunk);

	u64 remaining = ret;
	for (u32 i = 0; i < SOCKSCOPE_MAX_IOV && i < args.iovcnt && remaining > 0; i++) {
		struct user_iovec iov = {};
		if (bpf_probe_read_user(&iov, sizeof(iov), (void *)(args.buf + i * sizeof(iov))) != 0)
			break;
		if (iov.iov_len == 0)
			continue;
		chunk.size = iov.iov_len < remaining ? iov.iov_len : remaining;
		chunk.buf = iov.iov_base;
		emit_data(&chunk);
		chunk.position += chunk.size;
		remaining -= chunk.size;
	}
	if (remaining > 0) { /* past the iovecs copied: the position still advances */
		chunk.size = remaining;
		chunk.buf = 0;
		emit_data(&chunk);
	}
	return 0;
}

/* The iovec array and its length from a user struct msghdr. */
static __always_inline int enter_msg(s32 fd, u64 msg, u32 source, u32 direction)
{
	struct user_msghdr_abi hdr = {};
	if (bpf_probe_read_user(&hdr, sizeof(hdr), (void *)msg) != 0 || hdr.msg_iovlen == 0)
		return 0;
	return enter_data(fd, hdr.msg_iov, source, direction, hdr.msg_iovlen);
}

#define ARG(ctx, n) ((ctx)->args[n])

SEC("tracepoint/syscalls/sys_enter_write")
int enter_write(struct trace_event_raw_sys_enter *ctx)
{
	return enter_data(ARG(ctx, 0), ARG(ctx, 1), SOCKSCOPE_SRC_WRITE, SOCKSCOPE_DIR_SENT, 0);
}

SEC("tracepoint/syscalls/sys_enter_read")
int enter_read(struct trace_event_raw_sys_enter *ctx)
{
	return enter_data(ARG(ctx, 0), ARG(ctx, 1), SOCKSCOPE_SRC_READ, SOCKSCOPE_DIR_RECEIVED, 0);
}

SEC("tracepoint/syscalls/sys_enter_sendto")
int enter_sendto(struct trace_event_raw_sys_enter *ctx)
{
	return enter_data(ARG(ctx, 0), ARG(ctx, 1), SOCKSCOPE_SRC_SENDTO, SOCKSCOPE_DIR_SENT, 0);
}

SEC("tracepoint/syscalls/sys_enter_recvfrom")
int enter_recvfrom(struct trace_event_raw_sys_enter *ctx)
{
	return enter_data(ARG(ctx, 0), ARG(ctx, 1), SOCKSCOPE_SRC_RECVFROM, SOCKSCOPE_DIR_RECEIVED, 0);
}

SEC("tracepoint/syscalls/sys_enter_writev")
int enter_writev(struct trace_event_raw_sys_enter *ctx)
{
	return enter_data(ARG(ctx, 0), ARG(ctx, 1), SOCKSCOPE_SRC_WRITEV, SOCKSCOPE_DIR_SENT, ARG(ctx, 2));
}

SEC("tracepoint/syscalls/sys_enter_readv")
int enter_readv(struct trace_event_raw_sys_enter *ctx)
{
	return enter_data(ARG(ctx, 0), ARG(ctx, 1), SOCKSCOPE_SRC_READV, SOCKSCOPE_DIR_RECEIVED, ARG(ctx, 2));
}

SEC("tracepoint/syscalls/sys_enter_sendmsg")
int enter_sendmsg(struct trace_event_raw_sys_enter *ctx)
{
	return enter_msg(ARG(ctx, 0), ARG(ctx, 1), SOCKSCOPE_SRC_SENDMSG, SOCKSCOPE_DIR_SENT);
}

SEC("tracepoint/syscalls/sys_enter_recvmsg")
int enter_recvmsg(struct trace_event_raw_sys_enter *ctx)
{
	return enter_msg(ARG(ctx, 0), ARG(ctx, 1), SOCKSCOPE_SRC_RECVMSG, SOCKSCOPE_DIR_RECEIVED);
}

#define DATA_EXIT(name)                                                 \
	SEC("tracepoint/syscalls/sys_exit_" #name)                      \
	int exit_##name(struct trace_event_raw_sys_exit *ctx)          \
	{                                                               \
		return exit_data(ctx->ret);                             \
	}

DATA_EXIT(write)
DATA_EXIT(read)
DATA_EXIT(sendto)
DATA_EXIT(recvfrom)
DATA_EXIT(writev)
DATA_EXIT(readv)
DATA_EXIT(sendmsg)
DATA_EXIT(recvmsg)

static __always_inline int enter_sock_call(s32 fd, u32 role)
{
	u64 id = bpf_get_current_pid_tgid();
	if (!process_traced(id >> 32))
		return 0;
	struct sock_args args = {.fd = fd, .role = role};
	bpf_map_update_elem(&active_sock, &id, &args, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_connect")
int enter_connect(struct trace_event_raw_sys_enter *ctx)
{
	return enter_sock_call(ARG(ctx, 0), SOCKSCOPE_ROLE_CLIENT);
}

SEC("tracepoint/syscalls/sys_enter_accept")
int enter_accept(struct trace_event_raw_sys_enter *ctx)
{
	return enter_sock_call(ARG(ctx, 0), SOCKSCOPE_ROLE_SERVER);
}

SEC("tracepoint/syscalls/sys_enter_accept4")
int enter_accept4(struct trace_event_raw_sys_enter *ctx)
{
	return enter_sock_call(ARG(ctx, 0), SOCKSCOPE_ROLE_SERVER);
}

static __always_inline int exit_sock_call(long ret)
{
	u64 id = bpf_get_current_pid_tgid();
	struct sock_args *saved = bpf_map_lookup_elem(&active_sock, &id);
	if (!saved)
		return 0;
	struct sock_args args = *saved;
	bpf_map_delete_elem(&active_sock, &id);

	s32 fd;
	if (args.role == SOCKSCOPE_ROLE_CLIENT) {
		if (ret != 0 && ret != -EINPROGRESS)
			return 0;
		fd = args.fd;
	} else {
		if (ret < 0)
			return 0;
		fd = ret;
	}
	open_connection(id >> 32, fd, args.role);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_connect")
int exit_connect(struct trace_event_raw_sys_exit *ctx)
{
	return exit_sock_call(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_accept")
int exit_accept(struct trace_event_raw_sys_exit *ctx)
{
	return exit_sock_call(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_accept4")
int exit_accept4(struct trace_event_raw_sys_exit *ctx)
{
	return exit_sock_call(ctx->ret);
}

SEC("tracepoint/syscalls/sys_enter_close")
int enter_close(struct trace_event_raw_sys_enter *ctx)
{
	u64 id = bpf_get_current_pid_tgid();
	struct conn_key key = {.tgid = id >> 32, .fd = ARG(ctx, 0)};
	struct conn_state *conn = bpf_map_lookup_elem(&conns, &key);
	if (!conn)
		return 0;
	if (conn->traced) {
		struct sockscope_conn_close close = {};
		close.header.kind = SOCKSCOPE_REC_CONN_CLOSE;
		close.header.cpu = bpf_get_smp_processor_id();
		close.header.timestamp_ns = bpf_ktime_get_ns();
		close.conn.tgid = key.tgid;
		close.conn.fd = key.fd;
		close.conn.generation = conn->generation;
		close.bytes_sent = conn->bytes_sent;
		close.bytes_received = conn->bytes_received;
		emit(&close, sizeof(close), 0);
	}
	bpf_map_delete_elem(&conns, &key);
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int process_exit(void *ctx)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tgid = id >> 32;
	if ((u32)id != tgid || !process_traced(tgid))
		return 0;
	struct sockscope_proc_exit rec = {};
	rec.header.kind = SOCKSCOPE_REC_PROC_EXIT;
	rec.header.cpu = bpf_get_smp_processor_id();
	rec.header.timestamp_ns = bpf_ktime_get_ns();
	rec.tgid = tgid;
	emit(&rec, sizeof(rec), 0);
	return 0;
}
