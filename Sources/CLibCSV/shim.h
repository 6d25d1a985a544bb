// libcsv (libcsv-dev) has no pkg-config file: the module map links "csv" directly.
#include <csv.h>
