/* Links two compiled models into one program: one from C source, one from
 * an object file. They must not clash and must agree on the same input. */
#include <stdio.h>

#include "first.h"
#include "second.h"

static EDGEC_ALIGNED_ARENA(arena1, FIRST_ARENA_SIZE);
static EDGEC_ALIGNED_ARENA(arena2, SECOND_ARENA_SIZE);

int main(int argc, char **argv) {
  static float image[28 * 28];
  float s1[10], s2[10];
  const void *in[1] = {image};
  void *out1[1] = {s1}, *out2[1] = {s2};
  int i, b1 = 0, b2 = 0;
  FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;
  if (!f || fread(image, sizeof image, 1, f) != 1)
    return 2;
  fclose(f);
  if (first_run(in, out1, arena1, sizeof arena1) != EDGEC_OK ||
      second_run(in, out2, arena2, sizeof arena2) != EDGEC_OK)
    return 3;
  for (i = 1; i < 10; ++i) {
    if (s1[i] > s1[b1]) b1 = i;
    if (s2[i] > s2[b2]) b2 = i;
  }
  printf("first=%d second=%d\n", b1, b2);
  return 0;
}
