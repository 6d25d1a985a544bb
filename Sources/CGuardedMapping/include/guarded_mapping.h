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

/// How many guarded mappings may exist at once (one per file being read).
enum { NATRECON_GUARDED_MAPPING_SLOTS = 64 };

/// Maps `length` bytes of `fd` from `offset` (a multiple of the page size) read-only and
/// private, and registers the mapping; `*slot` receives its registration. Returns NULL
/// with `errno` set when the mapping fails, when the handler cannot be installed, or
/// when every slot is taken (EBUSY): the caller then reads with read(2).
const unsigned char *natrecon_guarded_map(int fd, size_t length, long long offset, int *slot);

/// Whether a fault found the mapping in `slot` cut short by a truncation.
int natrecon_guarded_was_cut(int slot);

/// Unregisters and unmaps a mapping from `natrecon_guarded_map`.
void natrecon_guarded_unmap(const unsigned char *base, size_t length, int slot);

#endif
