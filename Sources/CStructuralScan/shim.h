// The fast CSV scanner's first stage (NatReconIO `StructuralIndex`): the offsets of every
// `,` `"` CR and LF in a window of bytes, found 64 bytes at a time with SSE2 or AVX2
// compares and bit masks, or a byte at a time (the reference the vector levels are
// tested against: StructuralScanTests, the csv-scanner fuzz target).
//
// Header only (static inline, no library to link): SSE2 is part of x86_64, so its level
// compiles anywhere there; the AVX2 level is compiled for AVX2 by a function attribute
// and only called when `natrecon_scan_best_level` found AVX2 (and the OS saving its
// registers) at run time. No AVX-512. Other architectures get the scalar level.
#ifndef NATRECON_STRUCTURAL_SCAN_H
#define NATRECON_STRUCTURAL_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

/// The levels: a byte at a time, 16 bytes per compare, 32 bytes per compare.
enum {
  NATRECON_SCAN_SCALAR = 0,
  NATRECON_SCAN_SSE2 = 1,
  NATRECON_SCAN_AVX2 = 2,
};

/// The best level this CPU and OS run: AVX2 when CPUID reports it and XGETBV shows the OS
/// saves the YMM registers, else SSE2 on x86_64, else scalar.
static inline int natrecon_scan_best_level(void) {
#if defined(__x86_64__)
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return NATRECON_SCAN_SSE2;
  if (!(c & bit_OSXSAVE) || !(c & bit_AVX)) return NATRECON_SCAN_SSE2;
  unsigned lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  if ((lo & 6) != 6) return NATRECON_SCAN_SSE2;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return NATRECON_SCAN_SSE2;
  return (b & bit_AVX2) ? NATRECON_SCAN_AVX2 : NATRECON_SCAN_SSE2;
#else
  return NATRECON_SCAN_SCALAR;
#endif
}

/// Appends `base + k` for each set bit k of `mask`, lowest first, to `out`; returns the
/// number of set bits. Writes in groups of 4, so up to 3 entries past the count are
/// scribbled on: `out` needs 3 entries of slack.
static inline size_t natrecon_scan_flatten(uint64_t mask, uint32_t base, uint32_t *out) {
  size_t count = (size_t)__builtin_popcountll(mask);
  for (size_t k = 0; k < count; k += 4) {
    // Bit 63 stands in for an empty mask: its entries are past the count.
    out[k] = base + (uint32_t)__builtin_ctzll(mask | (1ULL << 63));
    mask &= mask - 1;
    out[k + 1] = base + (uint32_t)__builtin_ctzll(mask | (1ULL << 63));
    mask &= mask - 1;
    out[k + 2] = base + (uint32_t)__builtin_ctzll(mask | (1ULL << 63));
    mask &= mask - 1;
    out[k + 3] = base + (uint32_t)__builtin_ctzll(mask | (1ULL << 63));
    mask &= mask - 1;
  }
  return count;
}

static inline int natrecon_scan_is_structural(uint8_t c) {
  return c == ',' || c == '"' || c == '\r' || c == '\n';
}

#if defined(__x86_64__)
/// Bit k set when p[k] is `,` `"` CR or LF, for the 64 bytes at p (SSE2).
static inline uint64_t natrecon_scan_mask64_sse2(const uint8_t *p) {
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
  uint64_t mask = 0;
  for (int k = 0; k < 4; k++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
    __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, quote)),
        _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
    mask |= (uint64_t)(uint32_t)_mm_movemask_epi8(hits) << (16 * k);
  }
  return mask;
}

/// The same with AVX2; call only when `natrecon_scan_best_level` returned AVX2.
__attribute__((target("avx2"))) static inline uint64_t natrecon_scan_mask64_avx2(const uint8_t *p) {
  const __m256i comma = _mm256_set1_epi8(','), quote = _mm256_set1_epi8('"');
  const __m256i cr = _mm256_set1_epi8('\r'), lf = _mm256_set1_epi8('\n');
  __m256i lo = _mm256_loadu_si256((const __m256i *)(const void *)p);
  __m256i hi = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
  __m256i hitsLo = _mm256_or_si256(
      _mm256_or_si256(_mm256_cmpeq_epi8(lo, comma), _mm256_cmpeq_epi8(lo, quote)),
      _mm256_or_si256(_mm256_cmpeq_epi8(lo, cr), _mm256_cmpeq_epi8(lo, lf)));
  __m256i hitsHi = _mm256_or_si256(
      _mm256_or_si256(_mm256_cmpeq_epi8(hi, comma), _mm256_cmpeq_epi8(hi, quote)),
      _mm256_or_si256(_mm256_cmpeq_epi8(hi, cr), _mm256_cmpeq_epi8(hi, lf)));
  return (uint64_t)(uint32_t)_mm256_movemask_epi8(hitsLo)
         | ((uint64_t)(uint32_t)_mm256_movemask_epi8(hitsHi) << 32);
}

__attribute__((target("avx2"))) static inline size_t natrecon_scan_window_avx2(
    const uint8_t *p, size_t n, uint32_t base, uint32_t *out) {
  size_t count = 0, i = 0;
  for (; i + 64 <= n; i += 64)
    count += natrecon_scan_flatten(natrecon_scan_mask64_avx2(p + i), base + (uint32_t)i, out + count);
  if (i < n) {
    uint8_t tail[64] = {0};
    memcpy(tail, p + i, n - i);
    count += natrecon_scan_flatten(natrecon_scan_mask64_avx2(tail), base + (uint32_t)i, out + count);
  }
  return count;
}

static inline size_t natrecon_scan_window_sse2(const uint8_t *p, size_t n, uint32_t base, uint32_t *out) {
  size_t count = 0, i = 0;
  for (; i + 64 <= n; i += 64)
    count += natrecon_scan_flatten(natrecon_scan_mask64_sse2(p + i), base + (uint32_t)i, out + count);
  if (i < n) {
    uint8_t tail[64] = {0};
    memcpy(tail, p + i, n - i);
    count += natrecon_scan_flatten(natrecon_scan_mask64_sse2(tail), base + (uint32_t)i, out + count);
  }
  return count;
}
#endif

#if defined(__x86_64__)
/// Classifies the 64 bytes at p (SSE2): printable ASCII (0x20–0x7F), a lead byte of a
/// 3-byte sequence that takes any two continuation bytes (E1–EC, EE–EF), and a
/// continuation byte (80–BF), as bit masks.
static inline void natrecon_text_masks64_sse2(const uint8_t *p, uint64_t *ascii, uint64_t *lead, uint64_t *cont) {
  const __m128i below20 = _mm_set1_epi8(0x1F), belowC0 = _mm_set1_epi8((char)0xC0);
  const __m128i belowE1 = _mm_set1_epi8((char)0xE0), aboveEF = _mm_set1_epi8((char)0xF0);
  const __m128i ed = _mm_set1_epi8((char)0xED);
  uint64_t a = 0, l = 0, c = 0;
  for (int k = 0; k < 4; k++) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
    // Signed compares: 0x80–0xFF are negative.
    __m128i isAscii = _mm_cmpgt_epi8(v, below20);
    __m128i isCont = _mm_cmplt_epi8(v, belowC0);
    __m128i isLead = _mm_andnot_si128(
        _mm_cmpeq_epi8(v, ed), _mm_and_si128(_mm_cmpgt_epi8(v, belowE1), _mm_cmplt_epi8(v, aboveEF)));
    a |= (uint64_t)(uint32_t)_mm_movemask_epi8(isAscii) << (16 * k);
    c |= (uint64_t)(uint32_t)_mm_movemask_epi8(isCont) << (16 * k);
    l |= (uint64_t)(uint32_t)_mm_movemask_epi8(isLead) << (16 * k);
  }
  *ascii = a;
  *lead = l;
  *cont = c;
}
#endif

/// Whether p[0..<n] is plain text: printable ASCII (0x20–0x7F) and 3-byte UTF-8 sequences
/// whose lead byte takes any two continuation bytes (E1–EC, EE–EF: nearly all CJK), each
/// complete. Such bytes are valid UTF-8 and hold no NUL, CR or LF.
///
/// Returns 0 when the bytes are not plain text in this sense (they may still be valid:
/// the caller then checks them byte by byte), 1 when they are plain ASCII, 2 when they
/// are plain text with 3-byte sequences. Vector code only: at the scalar level, or on
/// other architectures, it returns 0 and the caller's byte-at-a-time check decides.
static inline int natrecon_plain_text(int level, const uint8_t *p, size_t n) {
#if defined(__x86_64__)
  if (level < NATRECON_SCAN_SSE2) return 0;
  uint64_t carry = 0, anyLead = 0;
  for (size_t i = 0; i < n; i += 64) {
    uint64_t a, l, c;
    uint64_t all = n - i >= 64 ? ~0ULL : (1ULL << (n - i)) - 1;
    if (n - i >= 64) {
      natrecon_text_masks64_sse2(p + i, &a, &l, &c);
    } else {
      uint8_t tail[64] = {0};
      memcpy(tail, p + i, n - i);
      natrecon_text_masks64_sse2(tail, &a, &l, &c);
    }
    a &= all;
    l &= all;
    c &= all;
    // The continuation bytes the leads call for: the two bytes after each lead.
    uint64_t expected = (l << 1) | (l << 2) | carry;
    if ((a | l | c) != all || c != (expected & all) || (expected & ~all) != 0) return 0;
    carry = (l >> 63) | (l >> 62);
    anyLead |= l;
  }
  if (carry != 0) return 0;
  return anyLead ? 2 : 1;
#else
  (void)level;
  (void)p;
  (void)n;
  return 0;
#endif
}

/// The scalar level: one byte at a time (the reference for the vector levels).
static inline size_t natrecon_scan_window_scalar(const uint8_t *p, size_t n, uint32_t base, uint32_t *out) {
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if (natrecon_scan_is_structural(p[i])) out[count++] = base + (uint32_t)i;
  return count;
}

/// Writes `base + k` for every k < n where p[k] is `,` `"` CR or LF to `out`, in
/// increasing order, and returns how many. `out` has room for n + 3 entries (the
/// vector levels write in groups of 4). `level` is one `natrecon_scan_best_level`
/// returned, or a lower one (never a higher one).
static inline size_t natrecon_scan_window(int level, const uint8_t *p, size_t n, uint32_t base, uint32_t *out) {
#if defined(__x86_64__)
  if (level == NATRECON_SCAN_AVX2) return natrecon_scan_window_avx2(p, n, base, out);
  if (level == NATRECON_SCAN_SSE2) return natrecon_scan_window_sse2(p, n, base, out);
#endif
  return natrecon_scan_window_scalar(p, n, base, out);
}

#endif
