/*
 * csvloop: the baseline for `natrecon-bench reader`. Reads a CSV file with read(2) in
 * 256 KiB chunks (the reader's ReaderBuffers.chunkBytes) and parses it with libcsv in
 * the reader's options (non-strict, CSV_REPALL_NL), with callbacks that only count.
 * Whatever the Swift reader adds on top — copying fields out, line counting, UTF-8
 * validation, the record closure — is the difference between the two.
 *
 *   cc -O2 -o csvloop Benchmarks/csvloop.c -lcsv
 *   ./csvloop FILE    → rows=… fields=… bytes=… seconds=… cpu_seconds=… vmhwm_kb=…
 */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_BYTES (256 * 1024)

struct counts {
  size_t fields;
  size_t rows;
};

static void on_field(void *field, size_t length, void *data) {
  (void)field;
  (void)length;
  ((struct counts *)data)->fields++;
}

static void on_row(int terminator, void *data) {
  (void)terminator;
  ((struct counts *)data)->rows++;
}

static long vmhwm_kb(void) {
  FILE *status = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  if (!status) return -1;
  while (fgets(line, sizeof line, status)) {
    if (strncmp(line, "VmHWM:", 6) == 0) {
      kb = strtol(line + 6, NULL, 10);
      break;
    }
  }
  fclose(status);
  return kb;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: csvloop FILE\n");
    return 2;
  }
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) {
    perror(argv[1]);
    return 1;
  }
  static unsigned char buffer[CHUNK_BYTES];
  struct csv_parser parser;
  struct counts counts = {0, 0};
  if (csv_init(&parser, CSV_REPALL_NL) != 0) return 1;

  struct timespec start, end, cpu_start, cpu_end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_start);
  size_t total = 0;
  for (;;) {
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0) {
      perror("read");
      return 1;
    }
    if (got == 0) break;
    total += (size_t)got;
    if (csv_parse(&parser, buffer, (size_t)got, on_field, on_row, &counts) != (size_t)got) {
      fprintf(stderr, "csv_parse: %s\n", csv_strerror(csv_error(&parser)));
      return 1;
    }
  }
  csv_fini(&parser, on_field, on_row, &counts);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_end);
  clock_gettime(CLOCK_MONOTONIC, &end);
  csv_free(&parser);
  close(fd);

  double seconds = (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
  double cpu_seconds =
      (double)(cpu_end.tv_sec - cpu_start.tv_sec) + (cpu_end.tv_nsec - cpu_start.tv_nsec) / 1e9;
  printf("rows=%zu fields=%zu bytes=%zu seconds=%.6f cpu_seconds=%.6f vmhwm_kb=%ld\n", counts.rows,
         counts.fields, total, seconds, cpu_seconds, vmhwm_kb());
  return 0;
}
