/* mnist_main.c - the firmware of every example: runs the edgec-compiled
 * MNIST model on the test images embedded in mnist_inputs.h, prints the ten
 * scores and the digit, and checks the digit against ONNX Runtime's answer,
 * recorded when the header was generated.
 *
 * The same file runs bare metal (picolibc + semihosting: printf goes to the
 * host's terminal, the exit status comes back through QEMU), in Linux user
 * mode and on the host. Exit status: 0 when every image gives EDGEC_OK and
 * ONNX Runtime's digit, 1 otherwise.
 *
 * No heap: the arena is static storage, aligned as the runtime asks. (C99 has
 * no alignas; a union with a double is only 8-aligned on 32-bit Arm, hence the
 * GNU attribute, which GCC and clang both accept.) */
#include <stdio.h>

#include "mnist.h"
#include "mnist_inputs.h"

#ifndef EXAMPLE_TARGET
#define EXAMPLE_TARGET "this machine"
#endif

static unsigned char arena[MNIST_ARENA_SIZE]
    __attribute__((aligned(EDGEC_ARENA_ALIGNMENT)));

static int argmax(const float *v, int n) {
  int i, best = 0;
  for (i = 1; i < n; ++i)
    if (v[i] > v[best])
      best = i;
  return best;
}

int main(void) {
  int k, i, failures = 0;
  printf("edgec mnist example on %s: %d images, arena %u bytes\n", EXAMPLE_TARGET,
         EXAMPLE_NUM_IMAGES, (unsigned)MNIST_ARENA_SIZE);
  for (k = 0; k < EXAMPLE_NUM_IMAGES; ++k) {
    float scores[10];
    const void *inputs[1];
    void *outputs[1];
    edgec_status st;
    int digit;
    float worst = 0.0f;

    inputs[0] = example_images[k];
    outputs[0] = scores;
    st = mnist_run(inputs, outputs, arena, sizeof arena);
    if (st != EDGEC_OK) {
      printf("%s: mnist_run failed: %s\n", example_names[k], edgec_status_string(st));
      ++failures;
      continue;
    }
    digit = argmax(scores, 10);
    printf("%s:", example_names[k]);
    for (i = 0; i < 10; ++i) {
      float d = scores[i] - example_scores[k][i];
      printf(" %.2f", (double)scores[i]);
      if (d < 0.0f)
        d = -d;
      if (d > worst)
        worst = d;
    }
    printf("\n  digit %d, label %d, ONNX Runtime %d (max |score - ORT| %.3g): %s\n", digit,
           example_labels[k], example_expected[k], (double)worst,
           digit == example_expected[k] ? "ok" : "MISMATCH");
    if (digit != example_expected[k])
      ++failures;
  }
  printf("%d of %d images ok\n", EXAMPLE_NUM_IMAGES - failures, EXAMPLE_NUM_IMAGES);
  return failures ? 1 : 0;
}
