// See include/guarded_mapping.h.
#include "guarded_mapping.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

// `slot_taken`: a file's reader owns the slot. The slot guards no mapping while its
// length is 0; a mapping is published by storing the start, then the length (release),
// and the handler loads the length (acquire), then the start.
static _Atomic(uintptr_t) slot_start[NATRECON_GUARDED_MAPPING_SLOTS];
static _Atomic(size_t) slot_length[NATRECON_GUARDED_MAPPING_SLOTS];
static _Atomic(int) slot_taken[NATRECON_GUARDED_MAPPING_SLOTS];
static _Atomic(int) slot_cut[NATRECON_GUARDED_MAPPING_SLOTS];

static struct sigaction previous_action;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int installed;
static uintptr_t page_mask;

static void on_sigbus(int signal, siginfo_t *info, void *context) {
  uintptr_t address = (uintptr_t)info->si_addr;
  for (int i = 0; i < NATRECON_GUARDED_MAPPING_SLOTS; i++) {
    size_t length = atomic_load_explicit(&slot_length[i], memory_order_acquire);
    if (length == 0) continue;
    uintptr_t start = atomic_load_explicit(&slot_start[i], memory_order_relaxed);
    if (address - start >= length) continue;
    // Everything from the faulting page to the mapping's end lies past the new end of
    // the file: zero pages instead (mmap is a plain system call, safe here).
    uintptr_t page = address & page_mask;
    void *zeros = mmap((void *)page, start + length - page, PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (zeros != MAP_FAILED) {
      atomic_store_explicit(&slot_cut[i], 1, memory_order_release);
      return;
    }
    break;
  }
  // Not a guarded mapping (or no zero pages): the previous disposition handles the
  // fault when the instruction runs again.
  (void)signal;
  (void)context;
  sigaction(SIGBUS, &previous_action, NULL);
}

static void install(void) {
  long size = sysconf(_SC_PAGESIZE);
  if (size <= 0) return;
  page_mask = ~((uintptr_t)size - 1);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_sigbus;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  if (sigaction(SIGBUS, &action, &previous_action) == 0) installed = 1;
}

int natrecon_guard_acquire(void) {
  pthread_once(&install_once, install);
  if (!installed) {
    errno = ENOTSUP;
    return -1;
  }
  for (int i = 0; i < NATRECON_GUARDED_MAPPING_SLOTS; i++) {
    int expected = 0;
    if (atomic_compare_exchange_strong(&slot_taken[i], &expected, 1)) return i;
  }
  errno = EBUSY;
  return -1;
}

const unsigned char *natrecon_guarded_map(int slot, int fd, size_t length, long long offset) {
  if (length == 0) {
    errno = EINVAL;
    return NULL;
  }
  void *base = mmap(NULL, length, PROT_READ, MAP_PRIVATE, fd, (off_t)offset);
  if (base == MAP_FAILED) return NULL;
  atomic_store_explicit(&slot_cut[slot], 0, memory_order_relaxed);
  atomic_store_explicit(&slot_start[slot], (uintptr_t)base, memory_order_relaxed);
  atomic_store_explicit(&slot_length[slot], length, memory_order_release);
  return base;
}

int natrecon_guarded_was_cut(int slot) {
  return atomic_load_explicit(&slot_cut[slot], memory_order_acquire);
}

void natrecon_guarded_unmap(int slot, const unsigned char *base, size_t length) {
  atomic_store_explicit(&slot_length[slot], 0, memory_order_release);
  atomic_store_explicit(&slot_start[slot], 0, memory_order_relaxed);
  munmap((void *)base, length);
}

void natrecon_guard_release(int slot) {
  size_t length = atomic_load_explicit(&slot_length[slot], memory_order_acquire);
  if (length != 0) {
    uintptr_t start = atomic_load_explicit(&slot_start[slot], memory_order_relaxed);
    natrecon_guarded_unmap(slot, (const unsigned char *)start, length);
  }
  atomic_store(&slot_taken[slot], 0);
}
