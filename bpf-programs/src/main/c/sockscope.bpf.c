// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Syscall capture: which sockets processes open, and the bytes they move on them. Entry
 * programs save the arguments per thread; exit programs read the result, copy the bytes
 * actually transferred and put records on one ring buffer. Record layouts: sockscope.h.
 *
 * One source, two attach backends: compiled as is, the programs attach to the syscall
 * tracepoints; compiled with -DSOCKSCOPE_KPROBES, to kprobes on the syscall functions
 * (libbpf's ksyscall/kretsyscall). Only the SYSCALL_* wrappers at the end differ.
 */
#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include "kernel_types.h"
#include "sockscope.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
/* kernel_types.h declares struct pt_regs with the kernel's field names (di, si, ...), as a
 * vmlinux.h would: tell bpf_tracing.h so. */
#define __VMLINUX_H__
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define EINPROGRESS 115

#define MAX_CONNECTIONS 65536
#define MAX_FILTER_ENTRIES 1024
#define MAX_PROCESSES 16384

const volatile struct sockscope_config config = {
	.max_capture_per_call = 65536,
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

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_CONNECTIONS);
	__type(key, struct sockscope_conn_key);
	__type(value, struct sockscope_conn_state);
} conns SEC(".maps");

/* How many entries of "conns" each process has, so exit and exec clean up only when needed. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_PROCESSES);
	__type(key, u32);
	__type(value, u64);
} process_conns SEC(".maps");

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

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_FILTER_ENTRIES);
	__type(key, u64); /* cgroup v2 id: the inode number of the cgroup's directory */
	__type(value, u8);
} cgroup_filter SEC(".maps");

/* Room to build one data record, per CPU: too large for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct sockscope_data);
} scratch SEC(".maps");

/* Room to build one connection-open record, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct sockscope_conn_open);
} open_scratch SEC(".maps");

/* The user-space layouts of struct msghdr and struct mmsghdr (x86_64 and arm64 ABI). */
struct user_msghdr_abi {
	u64 msg_name;
	u32 msg_namelen;
	u32 pad;
	u64 msg_iov;
	u64 msg_iovlen;
	u64 msg_control;
	u64 msg_controllen;
	u32 msg_flags;
	u32 pad2;
};

struct user_mmsghdr_abi {
	struct user_msghdr_abi msg_hdr;
	u32 msg_len;
	u32 pad;
};

struct user_iovec {
	u64 iov_base;
	u64 iov_len;
};

/* The start of a user struct sockaddr_in or sockaddr_in6. */
struct user_sockaddr_inet {
	u16 family;
	u16 port;
	u32 v4_or_flowinfo;
	u8 v6[16];
};

/* The start of every record: what it is, where and when it was made. */
static __always_inline void set_header(struct sockscope_header *header, u32 kind, u64 timestamp_ns)
{
	header->kind = kind;
	header->cpu = bpf_get_smp_processor_id();
	header->timestamp_ns = timestamp_ns;
}

/* Counts one loss in counter `what` of map "losses", and its bytes in the counter after it. */
static __always_inline void count_loss_of(u32 what, u64 bytes)
{
	u64 *n = bpf_map_lookup_elem(&losses, &what);
	if (n)
		__sync_fetch_and_add(n, 1);
	what++;
	n = bpf_map_lookup_elem(&losses, &what);
	if (n)
		__sync_fetch_and_add(n, bytes);
}

static __always_inline void count_loss(u64 bytes)
{
	count_loss_of(SOCKSCOPE_LOSS_RECORDS, bytes);
}

/* Puts a record on the ring. The reader polls, so a record does not wake it: a wake-up per
 * record (an interrupt and a context switch) costs more than the record. Only the record that
 * brings the bytes waiting on the ring to config.wakeup_bytes wakes it, so that a burst is read
 * before the ring fills. With wakeup_bytes 0, the kernel's default: wake a reader that had
 * caught up. */
static __always_inline void emit(void *record, u64 size, u64 stream_bytes)
{
	u64 flags = 0;
	if (config.wakeup_bytes) {
		u64 waiting = bpf_ringbuf_query(&records, BPF_RB_AVAIL_DATA);
		flags = waiting < config.wakeup_bytes && waiting + size >= config.wakeup_bytes ? BPF_RB_FORCE_WAKEUP
											     : BPF_RB_NO_WAKEUP;
	}
	if (bpf_ringbuf_output(&records, record, size, flags) != 0)
		count_loss(stream_bytes);
}

static __always_inline bool process_traced(u32 tgid)
{
	if (tgid == config.self_tgid)
		return false;
	if (config.filter_pids && !bpf_map_lookup_elem(&pid_filter, &tgid))
		return false;
	if (config.filter_cgroups) {
		u64 cgroup = bpf_get_current_cgroup_id();
		if (!bpf_map_lookup_elem(&cgroup_filter, &cgroup))
			return false;
	}
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

/* The path a Unix socket is bound to; returns its length (0: unnamed). */
static __always_inline u16 unix_path(struct sock *sk, char *path)
{
	struct unix_address *addr = BPF_CORE_READ((struct unix_sock *)sk, addr);
	if (!addr)
		return 0;
	int len = BPF_CORE_READ(addr, len) - (int)sizeof(unsigned short);
	if (len <= 0)
		return 0;
	if (len > SOCKSCOPE_UNIX_PATH_LEN)
		len = SOCKSCOPE_UNIX_PATH_LEN;
	bpf_probe_read_kernel(path, SOCKSCOPE_UNIX_PATH_LEN, __builtin_preserve_access_index(&addr->name[0].sun_path));
	return len;
}

static __always_inline bool kind_traced(u16 family, u16 type)
{
	if (family == AF_INET || family == AF_INET6)
		return type == SOCK_STREAM || type == SOCK_DGRAM;
	return family == AF_UNIX && type == SOCK_STREAM;
}

static __always_inline void count_process_connection(u32 tgid, s64 delta)
{
	u64 *n = bpf_map_lookup_elem(&process_conns, &tgid);
	if (n) {
		__sync_fetch_and_add(n, delta);
	} else if (delta > 0) {
		u64 one = 1;
		bpf_map_update_elem(&process_conns, &tgid, &one, BPF_NOEXIST);
	}
}

/* Starts tracking fd as a connection and says so on the ring. Returns 0 when fd is not a
 * socket; a socket that is not traced is remembered with traced = 0, so later calls on it cost
 * one lookup. A global function: the verifier checks it once, rather than once more for each
 * path of a data call that may open a connection, which took the larger calls past its limit. */
__noinline int open_connection(u32 tgid, s32 fd, u32 role)
{
	struct sock *sk = socket_of_fd(fd);
	if (!sk)
		return 0;

	struct sockscope_conn_key key = {.tgid = tgid, .fd = fd};
	struct sockscope_conn_state state = {.generation = bpf_ktime_get_ns(), .role = role, .sk = (u64)sk};
	state.family = BPF_CORE_READ(sk, __sk_common.skc_family);
	state.sock_type = BPF_CORE_READ(sk, sk_type);
	u16 local_port = 0, remote_port = 0;
	if (state.family != AF_UNIX) {
		local_port = BPF_CORE_READ(sk, __sk_common.skc_num);
		remote_port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	}
	/* Unix sockets have no ports: a port filter leaves them out. */
	state.traced = kind_traced(state.family, state.sock_type) &&
		       (state.family == AF_UNIX ? !config.filter_ports : port_traced(local_port, remote_port));
	state.tls_traced = state.traced;
	if (!bpf_map_lookup_elem(&conns, &key))
		count_process_connection(tgid, 1);
	bpf_map_update_elem(&conns, &key, &state, BPF_ANY);
	if (!state.traced)
		return 1;

	u32 zero = 0;
	struct sockscope_conn_open *open = bpf_map_lookup_elem(&open_scratch, &zero);
	if (!open)
		return 1;
	__builtin_memset(open, 0, sizeof(*open));
	set_header(&open->header, SOCKSCOPE_REC_CONN_OPEN, state.generation);
	open->conn.tgid = tgid;
	open->conn.fd = fd;
	open->conn.generation = state.generation;
	open->role = role;
	open->tid = (u32)bpf_get_current_pid_tgid();
	open->family = state.family;
	open->sock_type = state.sock_type;
	open->local_port = bpf_htons(local_port);
	open->remote_port = bpf_htons(remote_port);
	if (state.family == AF_INET) {
		BPF_CORE_READ_INTO(&open->local_addr, sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO(&open->remote_addr, sk, __sk_common.skc_daddr);
	} else if (state.family == AF_INET6) {
		BPF_CORE_READ_INTO(&open->local_addr, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&open->remote_addr, sk, __sk_common.skc_v6_daddr);
	} else {
		open->local_path_len = unix_path(sk, open->local_path);
		struct sock *peer = BPF_CORE_READ((struct unix_sock *)sk, peer);
		if (peer)
			open->remote_path_len = unix_path(peer, open->remote_path);
	}
	bpf_get_current_comm(&open->comm, sizeof(open->comm));
	emit(open, sizeof(*open), 0);
	return 1;
}

static __always_inline struct sockscope_conn_state *find_or_open_connection(u32 tgid, s32 fd)
{
	struct sockscope_conn_key key = {.tgid = tgid, .fd = fd};
	struct sockscope_conn_state *state = bpf_map_lookup_elem(&conns, &key);
	if (state || !open_connection(tgid, fd, SOCKSCOPE_ROLE_UNKNOWN))
		return state;
	return bpf_map_lookup_elem(&conns, &key);
}

/* One contiguous span of a data call, to become one or more data records. (BPF functions
 * take at most five arguments, so the span travels as one struct.) */
struct chunk {
	u32 tgid;
	s32 fd;
	u64 generation;
	u32 direction;
	u32 source;
	u64 position; /* advanced past every byte reported */
	u64 size;     /* bytes of the span still to report */
	u64 buf;      /* user address of those bytes; 0 when none are to be copied */
	u64 budget;   /* bytes this call may still copy */
	u32 flags;    /* enum sockscope_data_flags; MESSAGE_START is cleared once reported */
	u32 message_size;
	u16 peer_family;
	u16 peer_port;
	u32 tls_library;
	u8 peer_addr[SOCKSCOPE_ADDR_LEN];
	u32 gathered; /* emit_iovec: bytes copied into the scratch record, not reported yet */
	u32 reserved;
};

/* Fills in everything of a data record but its payload: `size` bytes of the stream at
 * chunk->position, the first `captured` of them in the payload. */
static __always_inline void fill_data_record(struct sockscope_data *rec, struct chunk *chunk, u64 size, u32 captured)
{
	set_header(&rec->header, SOCKSCOPE_REC_DATA, bpf_ktime_get_ns());
	rec->conn.tgid = chunk->tgid;
	rec->conn.fd = chunk->fd;
	rec->conn.generation = chunk->generation;
	rec->direction = chunk->direction;
	rec->source = chunk->source;
	rec->position = chunk->position;
	rec->size = size;
	rec->captured = captured;
	rec->peer_family = chunk->peer_family;
	rec->peer_port = chunk->peer_port;
	rec->flags = chunk->flags;
	rec->message_size = chunk->message_size;
	rec->tls_library = chunk->tls_library;
	__builtin_memcpy(rec->peer_addr, chunk->peer_addr, SOCKSCOPE_ADDR_LEN);
	chunk->flags &= ~SOCKSCOPE_DATA_MESSAGE_START;
}

/* Puts one data record on the ring: `size` bytes of the stream at chunk->position, of which
 * the first `captured` are copied from user address `buf`. */
__noinline int emit_record(struct chunk *chunk, u64 size, u64 captured, u64 buf)
{
	u32 zero = 0;
	struct sockscope_data *rec = bpf_map_lookup_elem(&scratch, &zero);
	if (!rec || !chunk)
		return 0;
	if (captured > size)
		captured = size;
	/* The bound must be the last thing the verifier sees: older verifiers (6.1) lose it when
	 * the compiler merges the two clamps into one select on an unbounded register. */
	barrier_var(captured);
	if (captured > SOCKSCOPE_MAX_PAYLOAD)
		captured = SOCKSCOPE_MAX_PAYLOAD;
	barrier_var(captured);
	if (captured > 0 && bpf_probe_read_user(rec->payload, captured, (void *)buf) != 0)
		captured = 0;
	fill_data_record(rec, chunk, size, captured);
	emit(rec, offsetof(struct sockscope_data, payload) + captured, size);
	return 0;
}

/* Reports chunk->size bytes at chunk->buf: in records of at most SOCKSCOPE_MAX_PAYLOAD
 * copied bytes while the call's budget lasts, then one record for the rest, not captured. */
__noinline int emit_span(struct chunk *chunk)
{
	if (!chunk)
		return 0;
	u64 buf = chunk->buf;
	for (int i = 0; i < SOCKSCOPE_MAX_CHUNKS_PER_SPAN && chunk->size > 0; i++) {
		u64 piece = chunk->size;
		if (piece > SOCKSCOPE_MAX_PAYLOAD)
			piece = SOCKSCOPE_MAX_PAYLOAD;
		if (piece > chunk->budget)
			piece = chunk->budget;
		if (buf == 0 || piece == 0)
			break;
		emit_record(chunk, piece, piece, buf);
		chunk->position += piece;
		chunk->size -= piece;
		chunk->budget -= piece;
		buf += piece;
	}
	if (chunk->size > 0) { /* past the budget: the position still advances */
		emit_record(chunk, chunk->size, 0, 0);
		chunk->position += chunk->size;
		chunk->size = 0;
	}
	return 0;
}

/* Small iovecs of one call are gathered into one record, up to this many bytes: a power of
 * two, so that a mask shows the verifier that any copy at an offset below it fits the payload. */
#define GATHER_BYTES 8192

/* Puts the bytes gathered in the scratch record on the ring as one record. */
static __always_inline void flush_gathered(struct chunk *chunk, struct sockscope_data *rec)
{
	u32 gathered = chunk->gathered;
	if (gathered == 0 || gathered > SOCKSCOPE_MAX_PAYLOAD)
		return;
	fill_data_record(rec, chunk, gathered, gathered);
	emit(rec, offsetof(struct sockscope_data, payload) + gathered, gathered);
	chunk->position += gathered;
	chunk->budget -= gathered;
	chunk->gathered = 0;
}

/* Reports `total` bytes spread over the user iovec array at `iov`. Consecutive iovecs that fit
 * GATHER_BYTES together make one record (a response's header and body, say); a larger one is
 * cut into records of its own. The count gathered lives in the chunk, not in a variable: the
 * verifier would follow each value it takes through the loop, and give up. */
__noinline int emit_iovec(struct chunk *chunk, u64 iov, u64 iovcnt, u64 total)
{
	u32 zero = 0;
	struct sockscope_data *rec = bpf_map_lookup_elem(&scratch, &zero);
	if (!chunk || !rec)
		return 0;
	chunk->gathered = 0;
	for (u32 i = 0; i < SOCKSCOPE_MAX_IOV && i < iovcnt && total > 0; i++) {
		struct user_iovec vec = {};
		if (bpf_probe_read_user(&vec, sizeof(vec), (void *)(iov + i * sizeof(vec))) != 0)
			break;
		if (vec.iov_len == 0)
			continue;
		u64 len = vec.iov_len < total ? vec.iov_len : total;
		if (chunk->gathered + len > GATHER_BYTES || chunk->gathered + len > chunk->budget)
			flush_gathered(chunk, rec);
		if (len <= GATHER_BYTES && len <= chunk->budget) {
			/* The mask changes nothing (gathered + len <= GATHER_BYTES here) but shows the
			 * verifier that the copy fits the payload. */
			u32 offset = chunk->gathered & (GATHER_BYTES - 1);
			if (bpf_probe_read_user(rec->payload + offset, len, (void *)vec.iov_base) != 0)
				break; /* the bytes gathered so far are reported; the rest as not captured */
			chunk->gathered += len;
			total -= len;
			continue;
		}
		chunk->size = len;
		chunk->buf = vec.iov_base;
		total -= len;
		emit_span(chunk);
	}
	flush_gathered(chunk, rec);
	if (total > 0) { /* past the iovecs copied */
		chunk->size = total;
		chunk->buf = 0;
		emit_span(chunk);
	}
	return 0;
}

/* The peer of a datagram: the user sockaddr the call names, else the connected peer. */
static __always_inline void datagram_peer(struct chunk *chunk, struct sockscope_conn_state *conn, u64 name)
{
	struct user_sockaddr_inet addr = {};
	if (name != 0 && bpf_probe_read_user(&addr, sizeof(addr), (void *)name) == 0 &&
	    (addr.family == AF_INET || addr.family == AF_INET6)) {
		chunk->peer_family = addr.family;
		chunk->peer_port = addr.port;
		if (addr.family == AF_INET)
			__builtin_memcpy(chunk->peer_addr, &addr.v4_or_flowinfo, 4);
		else
			__builtin_memcpy(chunk->peer_addr, addr.v6, 16);
		return;
	}
	struct sock *sk = (struct sock *)conn->sk;
	chunk->peer_family = conn->family;
	chunk->peer_port = BPF_CORE_READ(sk, __sk_common.skc_dport);
	if (conn->family == AF_INET)
		BPF_CORE_READ_INTO(&chunk->peer_addr, sk, __sk_common.skc_daddr);
	else
		BPF_CORE_READ_INTO(&chunk->peer_addr, sk, __sk_common.skc_v6_daddr);
}

/* Each message of a sendmmsg/recvmmsg: its bytes, its peer, its boundaries. */
static __always_inline int emit_mmsg(struct chunk *chunk, struct sockscope_conn_state *conn, u64 msgs, u32 count)
{
	bool datagram = conn->sock_type == SOCK_DGRAM;
	for (u32 i = 0; i < SOCKSCOPE_MAX_MMSG && i < count; i++) {
		struct user_mmsghdr_abi m = {};
		if (bpf_probe_read_user(&m, sizeof(m), (void *)(msgs + i * sizeof(m))) != 0)
			return 0;
		if (datagram) {
			datagram_peer(chunk, conn, m.msg_hdr.msg_name);
			chunk->flags = SOCKSCOPE_DATA_DATAGRAM | SOCKSCOPE_DATA_MESSAGE_START;
			chunk->message_size = m.msg_len;
		}
		emit_iovec(chunk, m.msg_hdr.msg_iov, m.msg_hdr.msg_iovlen, m.msg_len);
	}
	return 0;
}

/* Total bytes of the first `count` messages of an mmsghdr array (their msg_len). A global
 * function: its caller's verification does not go on once for each count its loop could end at. */
__noinline u64 mmsg_bytes(u64 msgs, u32 count, u32 from)
{
	u64 total = 0;
	for (u32 i = from; i < SOCKSCOPE_MAX_MMSG_COUNTED && i < count; i++) {
		u32 len = 0;
		bpf_probe_read_user(&len, sizeof(len),
				    (void *)(msgs + i * sizeof(struct user_mmsghdr_abi) +
					     offsetof(struct user_mmsghdr_abi, msg_len)));
		total += len;
	}
	return total;
}

/*
 * TLS. Uprobes on a TLS library's plaintext functions (OpenSSL's SSL_write, SSL_read and their
 * _ex forms, GnuTLS's gnutls_record_send and gnutls_record_recv) copy the plaintext; the
 * library's id travels as the attach cookie. The socket of a call is learnt without any of the
 * library's struct offsets:
 *  - a socket call the library makes inside the TLS call, on the same thread (a socket BIO);
 *  - else the socket last learnt for that TLS session object;
 *  - else (a memory BIO, as node uses: the library hands its ciphertext to the caller, which
 *    writes it after the call) the next write on this thread of bytes that look like a TLS
 *    record binds the session to that socket. Calls before that are counted, not reported.
 * Once a socket carries a TLS session its own bytes are ciphertext, and no longer copied.
 */
enum tls_call_kind {
	TLS_CALL_DATA = 0,
	TLS_CALL_HANDSHAKE = 1,
};

/* A TLS call in flight on a thread. */
struct tls_call {
	u64 ssl;        /* the library's session object (SSL *, gnutls_session_t) */
	u64 buf;        /* the plaintext */
	u64 size_out;   /* _ex functions: where the library stores the byte count */
	u64 generation; /* of the socket found inside the call */
	s32 fd;         /* -1 until a socket call inside names one */
	u32 direction;
	u32 library;    /* the attach cookie */
	u32 kind;       /* enum tls_call_kind */
	u32 depth;      /* TLS functions called inside this one (a library wrapping another): ignored */
	u32 reserved;
};

struct ssl_key {
	u32 tgid;
	u32 reserved;
	u64 ssl;
};

struct ssl_socket {
	s32 fd;
	u32 reserved;
	u64 generation;
};

/* The socket each TLS session object was last seen on. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_CONNECTIONS);
	__type(key, struct ssl_key);
	__type(value, struct ssl_socket);
} ssl_sockets SEC(".maps");

/* The TLS call a thread is in the middle of. Kept in the thread's own storage rather than in a
 * hash map keyed by thread: the data calls of a process with TLS probes look it up, and the
 * kernel frees it with the thread. */
struct thread_state {
	struct tls_call tls;   /* the TLS call in flight, when tls_active */
	u64 pending_ssl;     /* when pending: a TLS call of this session found no socket, and this */
	u32 pending_library; /* thread's next write of TLS-record bytes names it */
	u8 tls_active;
	u8 pending;
	u16 reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct thread_state);
} threads SEC(".maps");

static __always_inline struct thread_state *current_thread(u64 flags)
{
	return bpf_task_storage_get(&threads, bpf_get_current_task_btf(), 0, flags);
}

static __always_inline void bind_session(u32 tgid, u64 ssl, s32 fd, struct sockscope_conn_state *conn, u32 library)
{
	struct ssl_key key = {.tgid = tgid, .ssl = ssl};
	struct ssl_socket *known = bpf_map_lookup_elem(&ssl_sockets, &key);
	if (!known || known->fd != fd || known->generation != conn->generation) {
		struct ssl_socket socket = {.fd = fd, .generation = conn->generation};
		bpf_map_update_elem(&ssl_sockets, &key, &socket, BPF_ANY);
	}
	if (!conn->tls_library)
		conn->tls_library = library;
}

/* The first bytes of a TLS record: content type 20 to 23, protocol version 3.x. */
static __always_inline bool looks_like_tls_record(u64 buf, u32 iovcnt)
{
	if (iovcnt > 0) {
		struct user_iovec vec = {};
		if (bpf_probe_read_user(&vec, sizeof(vec), (void *)buf) != 0)
			return false;
		buf = vec.iov_base;
	}
	u8 head[3] = {};
	if (buf == 0 || bpf_probe_read_user(head, sizeof(head), (void *)buf) != 0)
		return false;
	return head[0] >= 20 && head[0] <= 23 && head[1] == 3 && head[2] <= 4;
}

/* Whether a data call on a stream socket moves a TLS session's ciphertext; learns which socket
 * a TLS session uses on the way. */
static __always_inline bool tls_ciphertext(struct thread_state *thread, u32 tgid, s32 fd,
					   struct sockscope_conn_state *conn, u64 buf, u32 direction, u32 iovcnt)
{
	if (thread->tls_active) {
		struct tls_call *call = &thread->tls;
		if (call->fd < 0) {
			call->fd = fd;
			call->generation = conn->generation;
			bind_session(tgid, call->ssl, fd, conn, call->library);
		}
		return call->fd == fd;
	}
	if (direction != SOCKSCOPE_DIR_SENT || !thread->pending || !looks_like_tls_record(buf, iovcnt))
		return false;
	bind_session(tgid, thread->pending_ssl, fd, conn, thread->pending_library);
	thread->pending = 0;
	return true;
}

/* The span of all `bytes` a call moved on conn, placed at the direction's stream position,
 * which it advances. */
static __always_inline struct chunk call_chunk(u32 tgid, s32 fd, struct sockscope_conn_state *conn, u32 direction,
					       u32 source, u64 buf, u64 bytes)
{
	u64 *counter = direction == SOCKSCOPE_DIR_SENT ? &conn->bytes_sent : &conn->bytes_received;
	struct chunk chunk = {
		.tgid = tgid,
		.fd = fd,
		.generation = conn->generation,
		.direction = direction,
		.source = source,
		.position = __sync_fetch_and_add(counter, bytes),
		.size = bytes,
		.buf = buf,
		.budget = config.max_capture_per_call,
	};
	return chunk;
}

/* The messages a sendmmsg or recvmmsg moved, on a connection the caller found traced: ret is
 * their count. */
static __always_inline int mmsg_call(s32 fd, u64 msgs, u32 source, long ret)
{
	struct sockscope_conn_key key = {.tgid = bpf_get_current_pid_tgid() >> 32, .fd = fd};
	struct sockscope_conn_state *conn = bpf_map_lookup_elem(&conns, &key);
	if (!conn || ret <= 0)
		return 0;
	u64 bytes = mmsg_bytes(msgs, ret, 0);
	if (bytes == 0)
		return 0;
	u32 direction = source == SOCKSCOPE_SRC_SENDMMSG ? SOCKSCOPE_DIR_SENT : SOCKSCOPE_DIR_RECEIVED;
	struct chunk chunk = call_chunk(key.tgid, fd, conn, direction, source, msgs, bytes);
	emit_mmsg(&chunk, conn, msgs, ret);
	if (ret > SOCKSCOPE_MAX_MMSG) { /* later messages: counted, not copied */
		chunk.size = mmsg_bytes(msgs, ret, SOCKSCOPE_MAX_MMSG);
		chunk.buf = 0;
		chunk.flags = conn->sock_type == SOCK_DGRAM ? SOCKSCOPE_DATA_DATAGRAM | SOCKSCOPE_DATA_SKIPPED_MESSAGES
							    : 0;
		chunk.peer_family = 0;
		emit_span(&chunk);
	}
	return 0;
}

/* Global functions, each verified once on its own: the loops over the messages, verified on
 * every path of a data call, would take the program past the verifier's limit. */
__noinline int sendmmsg_call(s32 fd, u64 msgs, long ret)
{
	return mmsg_call(fd, msgs, SOCKSCOPE_SRC_SENDMMSG, ret);
}

__noinline int recvmmsg_call(s32 fd, u64 msgs, long ret)
{
	return mmsg_call(fd, msgs, SOCKSCOPE_SRC_RECVMMSG, ret);
}

/*
 * A data call that returned, hooked at its exit only, with its arguments read from the registers
 * the syscall entered with (they are still there when it returns): one program run per call
 * instead of an entry and an exit, and nothing kept between the two. The caller's buffers
 * still hold what was sent, and now hold what was received.
 */
static __always_inline int data_call(s32 fd, u64 buf, u32 source, u32 direction, u32 iovcnt, u64 name, long ret)
{
	if (ret <= 0)
		return 0;
	u64 id = bpf_get_current_pid_tgid();
	u32 tgid = id >> 32;
	if (!process_traced(tgid))
		return 0;
	struct sockscope_conn_state *conn = find_or_open_connection(tgid, fd);
	if (!conn)
		return 0;
	if (config.tls && conn->sock_type == SOCK_STREAM) {
		struct thread_state *thread = current_thread(0);
		if (thread && tls_ciphertext(thread, tgid, fd, conn, buf, direction, iovcnt))
			return 0;
	}
	/* The socket of a TLS session carries ciphertext: its plaintext comes from the probes. */
	if (!conn->traced || conn->tls_library)
		return 0;

	if (source == SOCKSCOPE_SRC_SENDMMSG)
		return sendmmsg_call(fd, buf, ret);
	if (source == SOCKSCOPE_SRC_RECVMMSG)
		return recvmmsg_call(fd, buf, ret);
	struct chunk chunk = call_chunk(tgid, fd, conn, direction, source, buf, ret);
	if (conn->sock_type == SOCK_DGRAM) {
		datagram_peer(&chunk, conn, name);
		chunk.flags = SOCKSCOPE_DATA_DATAGRAM | SOCKSCOPE_DATA_MESSAGE_START;
		chunk.message_size = ret;
	}
	if (iovcnt == 0)
		return emit_span(&chunk);
	return emit_iovec(&chunk, buf, iovcnt, ret);
}

/* The iovec array, its length and the peer's address from a user struct msghdr. */
static __always_inline int msg_call(s32 fd, u64 msg, u32 source, u32 direction, long ret)
{
	if (ret <= 0)
		return 0;
	struct user_msghdr_abi hdr = {};
	if (bpf_probe_read_user(&hdr, sizeof(hdr), (void *)msg) != 0 || hdr.msg_iovlen == 0)
		return 0;
	return data_call(fd, hdr.msg_iov, source, direction, hdr.msg_iovlen, hdr.msg_name, ret);
}

/* A connect() or accept() that returned: the connection starts, with the role it gives. */
static __always_inline int sock_call(s32 fd, u32 role, long ret)
{
	u64 id = bpf_get_current_pid_tgid();
	if (!process_traced(id >> 32))
		return 0;
	if (role == SOCKSCOPE_ROLE_CLIENT) {
		if (ret != 0 && ret != -EINPROGRESS)
			return 0;
		/* A datagram socket may connect after moving data: it stays the same connection. */
		struct sockscope_conn_key key = {.tgid = id >> 32, .fd = fd};
		struct sockscope_conn_state *known = bpf_map_lookup_elem(&conns, &key);
		if (known && known->sk == (u64)socket_of_fd(fd)) {
			if (known->role == SOCKSCOPE_ROLE_UNKNOWN)
				known->role = SOCKSCOPE_ROLE_CLIENT;
			return 0;
		}
	} else {
		if (ret < 0)
			return 0;
		fd = ret;
	}
	open_connection(id >> 32, fd, role);
	return 0;
}

static __always_inline int close_connection(s32 fd)
{
	u64 id = bpf_get_current_pid_tgid();
	struct sockscope_conn_key key = {.tgid = id >> 32, .fd = fd};
	struct sockscope_conn_state *conn = bpf_map_lookup_elem(&conns, &key);
	if (!conn)
		return 0;
	/* Either layer traced: a socket whose ciphertext is no longer copied may carry plaintext. */
	if (conn->traced || conn->tls_traced) {
		struct sockscope_conn_close close = {};
		set_header(&close.header, SOCKSCOPE_REC_CONN_CLOSE, bpf_ktime_get_ns());
		close.conn.tgid = key.tgid;
		close.conn.fd = key.fd;
		close.conn.generation = conn->generation;
		close.bytes_sent = conn->bytes_sent;
		close.bytes_received = conn->bytes_received;
		close.tls_bytes_sent = conn->tls_bytes_sent;
		close.tls_bytes_received = conn->tls_bytes_received;
		emit(&close, sizeof(close), 0);
	}
	if (bpf_map_delete_elem(&conns, &key) == 0)
		count_process_connection(key.tgid, -1);
	return 0;
}

/* The bytes of fd will move where no captured call sees them: say so once, and stop. */
static __always_inline int bypass(s32 fd, u32 reason)
{
	u64 id = bpf_get_current_pid_tgid();
	struct sockscope_conn_key key = {.tgid = id >> 32, .fd = fd};
	struct sockscope_conn_state *conn = bpf_map_lookup_elem(&conns, &key);
	if (!conn || !conn->traced)
		return 0;
	conn->traced = 0;
	struct sockscope_bypass rec = {};
	set_header(&rec.header, SOCKSCOPE_REC_BYPASS, bpf_ktime_get_ns());
	rec.conn.tgid = key.tgid;
	rec.conn.fd = key.fd;
	rec.conn.generation = conn->generation;
	rec.reason = reason;
	emit(&rec, sizeof(rec), 0);
	return 0;
}

static long forget_connection(void *map, struct sockscope_conn_key *key, struct sockscope_conn_state *state, u32 *tgid)
{
	if (key->tgid == *tgid)
		bpf_map_delete_elem(map, key);
	return 0;
}

/* The process exited or replaced its image: its table of descriptors is gone. */
static __always_inline int process_gone(u32 kind)
{
	u64 id = bpf_get_current_pid_tgid();
	u32 tgid = id >> 32;
	if ((u32)id != tgid)
		return 0;
	u64 *count = bpf_map_lookup_elem(&process_conns, &tgid);
	if (count) {
		if (*count > 0)
			bpf_for_each_map_elem(&conns, forget_connection, &tgid, 0);
		bpf_map_delete_elem(&process_conns, &tgid);
	}
	if (!process_traced(tgid))
		return 0;
	struct sockscope_proc_exit rec = {};
	set_header(&rec.header, kind, bpf_ktime_get_ns());
	rec.tgid = tgid;
	emit(&rec, sizeof(rec), 0);
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int process_exit(void *ctx)
{
	return process_gone(SOCKSCOPE_REC_PROC_EXIT);
}

SEC("tracepoint/sched/sched_process_exec")
int process_exec(void *ctx)
{
	return process_gone(SOCKSCOPE_REC_PROC_EXEC);
}

/* Optional: user space leaves it unloaded on kernels without io_uring's tracepoints. */
SEC("tracepoint/io_uring/io_uring_file_get")
int io_uring_file_get(struct trace_event_raw_io_uring_file_get *ctx)
{
	return bypass(ctx->fd, SOCKSCOPE_BYPASS_IO_URING);
}

/*
 * The syscall hooks. SYSCALLn(name, handler) attaches `handler` to the entry of the syscall with
 * its first n arguments; SYSCALL_RETURN(name, handler) to its exit, with its first five
 * arguments and its return value. At the exit the arguments come from the registers the
 * syscall entered with, which the kernel saved on entry and leaves as they were (x86_64 and
 * arm64: libbpf's PT_REGS_PARMn_SYSCALL know where each architecture keeps them).
 */
#define SYSCALL_ARGS(regs)                                                                           \
	PT_REGS_PARM1_SYSCALL(regs), PT_REGS_PARM2_SYSCALL(regs), PT_REGS_PARM3_SYSCALL(regs),     \
		PT_REGS_PARM4_SYSCALL(regs), PT_REGS_PARM5_SYSCALL(regs)
#define SYSCALL_REGS() ((struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf()))

#ifdef SOCKSCOPE_KPROBES
#define SYSCALL1(name, handler) \
	SEC("ksyscall/" #name) int BPF_KSYSCALL(enter_##name, u64 a0) { return handler(a0); }
#define SYSCALL5(name, handler)                                                                    \
	SEC("ksyscall/" #name)                                                                     \
	int BPF_KSYSCALL(enter_##name, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4) { return handler(a0, a1, a2, a3, a4); }
#define SYSCALL_RETURN(name, handler)                                                              \
	SEC("kretsyscall/" #name)                                                                  \
	int BPF_KRETPROBE(exit_##name, long ret)                                                   \
	{                                                                                          \
		struct pt_regs *regs = SYSCALL_REGS();                                             \
		return handler(SYSCALL_ARGS(regs), ret);                                           \
	}
#else
/* A tracepoint's context has only as many arguments as its syscall: reading past them would
 * make the attach fail, so each wrapper reads exactly n. */
#define SYSCALL1(name, handler)                                                                    \
	SEC("tracepoint/syscalls/sys_enter_" #name)                                                \
	int enter_##name(struct trace_event_raw_sys_enter *ctx) { return handler(ctx->args[0]); }
#define SYSCALL5(name, handler)                                                                    \
	SEC("tracepoint/syscalls/sys_enter_" #name)                                                \
	int enter_##name(struct trace_event_raw_sys_enter *ctx)                                    \
	{                                                                                          \
		return handler(ctx->args[0], ctx->args[1], ctx->args[2], ctx->args[3], ctx->args[4]); \
	}
#define SYSCALL_RETURN(name, handler)                                                              \
	SEC("tracepoint/syscalls/sys_exit_" #name)                                                 \
	int exit_##name(struct trace_event_raw_sys_exit *ctx)                                      \
	{                                                                                          \
		struct pt_regs *regs = SYSCALL_REGS();                                             \
		return handler(SYSCALL_ARGS(regs), ctx->ret);                                      \
	}
#endif

static __always_inline int on_write(u64 fd, u64 buf, u64 count, u64 a3, u64 a4, long ret)
{
	return data_call(fd, buf, SOCKSCOPE_SRC_WRITE, SOCKSCOPE_DIR_SENT, 0, 0, ret);
}

static __always_inline int on_read(u64 fd, u64 buf, u64 count, u64 a3, u64 a4, long ret)
{
	return data_call(fd, buf, SOCKSCOPE_SRC_READ, SOCKSCOPE_DIR_RECEIVED, 0, 0, ret);
}

static __always_inline int on_sendto(u64 fd, u64 buf, u64 len, u64 flags, u64 addr, long ret)
{
	return data_call(fd, buf, SOCKSCOPE_SRC_SENDTO, SOCKSCOPE_DIR_SENT, 0, addr, ret);
}

static __always_inline int on_recvfrom(u64 fd, u64 buf, u64 len, u64 flags, u64 addr, long ret)
{
	return data_call(fd, buf, SOCKSCOPE_SRC_RECVFROM, SOCKSCOPE_DIR_RECEIVED, 0, addr, ret);
}

static __always_inline int on_writev(u64 fd, u64 iov, u64 iovcnt, u64 a3, u64 a4, long ret)
{
	return data_call(fd, iov, SOCKSCOPE_SRC_WRITEV, SOCKSCOPE_DIR_SENT, iovcnt, 0, ret);
}

static __always_inline int on_readv(u64 fd, u64 iov, u64 iovcnt, u64 a3, u64 a4, long ret)
{
	return data_call(fd, iov, SOCKSCOPE_SRC_READV, SOCKSCOPE_DIR_RECEIVED, iovcnt, 0, ret);
}

static __always_inline int on_sendmsg(u64 fd, u64 msg, u64 flags, u64 a3, u64 a4, long ret)
{
	return msg_call(fd, msg, SOCKSCOPE_SRC_SENDMSG, SOCKSCOPE_DIR_SENT, ret);
}

static __always_inline int on_recvmsg(u64 fd, u64 msg, u64 flags, u64 a3, u64 a4, long ret)
{
	return msg_call(fd, msg, SOCKSCOPE_SRC_RECVMSG, SOCKSCOPE_DIR_RECEIVED, ret);
}

static __always_inline int on_sendmmsg(u64 fd, u64 msgs, u64 vlen, u64 a3, u64 a4, long ret)
{
	return data_call(fd, msgs, SOCKSCOPE_SRC_SENDMMSG, SOCKSCOPE_DIR_SENT, 0, 0, ret);
}

static __always_inline int on_recvmmsg(u64 fd, u64 msgs, u64 vlen, u64 a3, u64 a4, long ret)
{
	return data_call(fd, msgs, SOCKSCOPE_SRC_RECVMMSG, SOCKSCOPE_DIR_RECEIVED, 0, 0, ret);
}

/* sendfile(out_fd, in_fd, offset, count): the bytes are not in user memory, so they are
 * reported as not captured; the stream position still advances. */
static __always_inline int on_sendfile(u64 out_fd, u64 in_fd, u64 offset, u64 count, u64 a4, long ret)
{
	return data_call(out_fd, 0, SOCKSCOPE_SRC_SENDFILE, SOCKSCOPE_DIR_SENT, 0, 0, ret);
}

static __always_inline int on_splice(u64 fd_in, u64 off_in, u64 fd_out, u64 off_out, u64 len)
{
	bypass(fd_in, SOCKSCOPE_BYPASS_SPLICE);
	return bypass(fd_out, SOCKSCOPE_BYPASS_SPLICE);
}

static __always_inline int on_connect(u64 fd, u64 addr, u64 len, u64 a3, u64 a4, long ret)
{
	return sock_call(fd, SOCKSCOPE_ROLE_CLIENT, ret);
}

static __always_inline int on_accept(u64 fd, u64 addr, u64 len, u64 a3, u64 a4, long ret)
{
	return sock_call(fd, SOCKSCOPE_ROLE_SERVER, ret);
}

static __always_inline int on_close(u64 fd)
{
	return close_connection(fd);
}

SYSCALL_RETURN(write, on_write)
SYSCALL_RETURN(read, on_read)
SYSCALL_RETURN(sendto, on_sendto)
SYSCALL_RETURN(recvfrom, on_recvfrom)
SYSCALL_RETURN(writev, on_writev)
SYSCALL_RETURN(readv, on_readv)
SYSCALL_RETURN(sendmsg, on_sendmsg)
SYSCALL_RETURN(recvmsg, on_recvmsg)
SYSCALL_RETURN(sendmmsg, on_sendmmsg)
SYSCALL_RETURN(recvmmsg, on_recvmmsg)
SYSCALL_RETURN(sendfile64, on_sendfile)
SYSCALL5(splice, on_splice)
SYSCALL_RETURN(connect, on_connect)
SYSCALL_RETURN(accept, on_accept)
SYSCALL_RETURN(accept4, on_accept)
SYSCALL1(close, on_close)

/*
 * The TLS probes, attached by user space to each library it finds, with the library's id as
 * the cookie. Loaded only when TLS capture is on.
 */
static __always_inline int tls_enter(void *ctx, u64 ssl, u64 buf, u64 size_out, u32 direction, u32 kind)
{
	u64 id = bpf_get_current_pid_tgid();
	if (!process_traced(id >> 32))
		return 0;
	struct thread_state *thread = current_thread(BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!thread) { /* no memory for the thread's storage: the call is not reported, say so */
		count_loss(0);
		return 0;
	}
	if (thread->tls_active) {
		thread->tls.depth++;
		return 0;
	}
	struct tls_call call = {
		.ssl = ssl,
		.buf = buf,
		.size_out = size_out,
		.fd = -1,
		.direction = direction,
		.library = bpf_get_attach_cookie(ctx),
		.kind = kind,
	};
	thread->tls = call;
	thread->tls_active = 1;
	return 0;
}

/* `ret` is the function's return value: the byte count of SSL_write and the like (an int), or
 * 1 for success of the _ex functions, which store the count at size_out. */
static __always_inline int finish_tls_call(long ret, bool ex)
{
	u64 id = bpf_get_current_pid_tgid();
	struct thread_state *thread = current_thread(0);
	if (!thread || !thread->tls_active)
		return 0;
	if (thread->tls.depth > 0) {
		thread->tls.depth--;
		return 0;
	}
	struct tls_call call = thread->tls;
	thread->tls_active = 0;

	u64 bytes = 0;
	if (call.kind == TLS_CALL_DATA) {
		if (ex) {
			if ((int)ret == 1 && call.size_out != 0)
				bpf_probe_read_user(&bytes, sizeof(bytes), (void *)call.size_out);
		} else if ((int)ret > 0) {
			bytes = (int)ret;
		}
	}

	u32 tgid = id >> 32;
	s32 fd = call.fd;
	u64 generation = call.generation;
	if (fd < 0) {
		struct ssl_key key = {.tgid = tgid, .ssl = call.ssl};
		struct ssl_socket *known = bpf_map_lookup_elem(&ssl_sockets, &key);
		if (known) {
			fd = known->fd;
			generation = known->generation;
		}
	}
	struct sockscope_conn_state *conn = NULL;
	if (fd >= 0) {
		struct sockscope_conn_key key = {.tgid = tgid, .fd = fd};
		conn = bpf_map_lookup_elem(&conns, &key);
		if (conn && conn->generation != generation)
			conn = NULL;
	}
	if (!conn) {
		thread->pending_ssl = call.ssl;
		thread->pending_library = call.library;
		thread->pending = 1;
		if (bytes > 0)
			count_loss_of(SOCKSCOPE_LOSS_TLS_UNATTRIBUTED_CALLS, bytes);
		return 0;
	}
	if (bytes == 0 || !conn->tls_traced)
		return 0;
	if (!conn->tls_library)
		conn->tls_library = call.library;
	u64 *counter = call.direction == SOCKSCOPE_DIR_SENT ? &conn->tls_bytes_sent : &conn->tls_bytes_received;
	struct chunk chunk = {
		.tgid = tgid,
		.fd = fd,
		.generation = generation,
		.direction = call.direction,
		.source = call.direction == SOCKSCOPE_DIR_SENT ? SOCKSCOPE_SRC_TLS_WRITE : SOCKSCOPE_SRC_TLS_READ,
		.position = __sync_fetch_and_add(counter, bytes),
		.size = bytes,
		.buf = call.buf,
		.budget = config.max_capture_per_call,
		.tls_library = call.library,
	};
	return emit_span(&chunk);
}

/* SSL_write(ssl, buf, num), gnutls_record_send(session, data, size) */
SEC("uprobe")
int BPF_KPROBE(tls_write_enter, void *ssl, void *buf)
{
	return tls_enter(ctx, (u64)ssl, (u64)buf, 0, SOCKSCOPE_DIR_SENT, TLS_CALL_DATA);
}

/* SSL_read(ssl, buf, num), gnutls_record_recv(session, data, size) */
SEC("uprobe")
int BPF_KPROBE(tls_read_enter, void *ssl, void *buf)
{
	return tls_enter(ctx, (u64)ssl, (u64)buf, 0, SOCKSCOPE_DIR_RECEIVED, TLS_CALL_DATA);
}

/* SSL_write_ex(ssl, buf, num, size_t *written) */
SEC("uprobe")
int BPF_KPROBE(tls_write_ex_enter, void *ssl, void *buf, u64 num, void *written)
{
	return tls_enter(ctx, (u64)ssl, (u64)buf, (u64)written, SOCKSCOPE_DIR_SENT, TLS_CALL_DATA);
}

/* SSL_read_ex(ssl, buf, num, size_t *readbytes) */
SEC("uprobe")
int BPF_KPROBE(tls_read_ex_enter, void *ssl, void *buf, u64 num, void *readbytes)
{
	return tls_enter(ctx, (u64)ssl, (u64)buf, (u64)readbytes, SOCKSCOPE_DIR_RECEIVED, TLS_CALL_DATA);
}

/* SSL_do_handshake(ssl), gnutls_handshake(session): its socket calls teach the session's socket,
 * and its ciphertext is not copied. */
SEC("uprobe")
int BPF_KPROBE(tls_handshake_enter, void *ssl)
{
	return tls_enter(ctx, (u64)ssl, 0, 0, SOCKSCOPE_DIR_SENT, TLS_CALL_HANDSHAKE);
}

SEC("uretprobe")
int BPF_KRETPROBE(tls_exit, long ret)
{
	return finish_tls_call(ret, false);
}

SEC("uretprobe")
int BPF_KRETPROBE(tls_ex_exit, long ret)
{
	return finish_tls_call(ret, true);
}

/* SSL_free(ssl), gnutls_deinit(session): the object's address may be reused. */
SEC("uprobe")
int BPF_KPROBE(tls_free, void *ssl)
{
	struct ssl_key key = {.tgid = bpf_get_current_pid_tgid() >> 32, .ssl = (u64)ssl};
	bpf_map_delete_elem(&ssl_sockets, &key);
	return 0;
}
