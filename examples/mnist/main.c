/* Runs the edgec-compiled MNIST model on raw 28x28 images and prints the
 * digit it sees. Build: see scripts/demo.sh. */
#include <stdio.h>
#include <stdlib.h>

#include "mnist.h"

/* The arena is caller-owned static memory: no heap anywhere. */
static EDGEC_ALIGNED_ARENA(arena, MNIST_ARENA_SIZE);

int main(int argc, char **argv) {
  int i, n, y, x;
  for (i = 1; i < argc; ++i) {
    static float image[28 * 28];
    float scores[10];
    const void *inputs[1];
    void *outputs[1];
    edgec_status st;
    int best = 0;
    FILE *f = fopen(argv[i], "rb");
    if (!f || fread(image, sizeof image, 1, f) != 1) {
      fprintf(stderr, "cannot read a 28x28 float32 image from %s\n", argv[i]);
      return 1;
    }
    fclose(f);
    inputs[0] = image;
    outputs[0] = scores;
    st = mnist_run(inputs, outputs, arena, MNIST_ARENA_SIZE);
    if (st != EDGEC_OK) {
      fprintf(stderr, "mnist_run failed: %s\n", edgec_status_string(st));
      return 1;
    }
    for (n = 1; n < 10; ++n)
      if (scores[n] > scores[best])
        best = n;
    printf("%s:\n", argv[i]);
    for (y = 0; y < 28; y += 2) {
      printf("  ");
      for (x = 0; x < 28; ++x)
        putchar(image[y * 28 + x] > 127.0f ? '#' : image[y * 28 + x] > 32.0f ? '+' : ' ');
      putchar('\n');
    }
    printf("  prediction: %d (score %.2f)\n\n", best, (double)scores[best]);
  }
  return 0;
}
