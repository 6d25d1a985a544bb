// libcsv (libcsv-dev) has no pkg-config file: the module map links "csv" directly.
#include <csv.h>
// malloc_usable_size, for libcsv's field-buffer growth with small buffers (ReaderLimits).
#include <malloc.h>
