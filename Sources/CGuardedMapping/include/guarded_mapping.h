// Read-only mappings of input files that a truncation cannot crash (NatReconPlatform
// `FileWindows`).
//
// A page of a file mapping that lies beyond the file's end raises SIGBUS when read: an
// export truncated while the run reads it (`cp` over it opens it with O_TRUNC) would
// kill the process instead of failing the run with SPEC §6's "input changed" message.
// Each mapping made here is registered with a SIGBUS handler (installed once, chaining
// to the handler it replaces): a fault inside a registered mapping replaces the rest of
// that mapping, from the faulting page on, with zero pages and marks the mapping cut;
// the read goes on over zeros, and the caller's change check (the file's size and
// ctime, `InputChangeCheck`) then fails the run. A SIGBUS anywhere else goes to the
// previous handler as before.
#ifndef NATRECON_GUARDED_MAPPING_H
#define NATRECON_GUARDED_MAPPING_H

#include <stddef.h>

/// How many files may be read through guarded mappings at once.
enum { NATRECON_GUARDED_MAPPING_SLOTS = 64 };

/// Takes a slot for the mappings of one file (one at a time), installing the handler on
/// first use. Returns the slot, or -1 with `errno` set when every slot is taken (EBUSY)
/// or the handler cannot be installed: the caller then reads with read(2).
int natrecon_guard_acquire(void);

/// Maps `length` bytes of `fd` from `offset` (a multiple of the page size) read-only and
/// private, guarded through `slot` (which holds no other mapping). Returns NULL with
/// `errno` set when the mapping fails.
const unsigned char *natrecon_guarded_map(int slot, int fd, size_t length, long long offset);

/// Whether a fault found the mapping in `slot` cut short by a truncation since it was
/// mapped.
int natrecon_guarded_was_cut(int slot);

/// Unguards and unmaps the mapping in `slot`; the slot stays taken.
void natrecon_guarded_unmap(int slot, const unsigned char *base, size_t length);

/// Gives `slot` back (its mapping, if any, unmapped first).
void natrecon_guard_release(int slot);

#endif
