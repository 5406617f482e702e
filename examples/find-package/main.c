/* main.c - one host program, two builds of the same model: edgec's object
 * for this CPU (mnist_obj_*) and the portable C99 (mnist_c_*), linked side
 * by side under different names. Both run on the embedded test images; the
 * program checks each against ONNX Runtime's digit and prints how far the
 * two builds' scores are apart. Exit status 0 when both give every digit. */
#include <stdio.h>

#include "mnist_c.h"
#include "mnist_inputs.h"
#include "mnist_obj.h"

/* One arena serves both models: calls are sequential and all state lives in
 * the arena for the duration of a call. */
#define ARENA_BYTES                                                            \
  (MNIST_C_ARENA_SIZE > MNIST_OBJ_ARENA_SIZE ? MNIST_C_ARENA_SIZE : MNIST_OBJ_ARENA_SIZE)
static unsigned char arena[ARENA_BYTES] __attribute__((aligned(EDGEC_ARENA_ALIGNMENT)));

static int argmax(const float *v) {
  int i, best = 0;
  for (i = 1; i < 10; ++i)
    if (v[i] > v[best])
      best = i;
  return best;
}

int main(void) {
  int k, i, failures = 0;
  for (k = 0; k < EXAMPLE_NUM_IMAGES; ++k) {
    float from_obj[10], from_c[10], apart = 0.0f;
    const void *in[1];
    void *out[1];
    edgec_status st_obj, st_c;
    in[0] = example_images[k];
    out[0] = from_obj;
    st_obj = mnist_obj_run(in, out, arena, sizeof arena);
    out[0] = from_c;
    st_c = mnist_c_run(in, out, arena, sizeof arena);
    if (st_obj != EDGEC_OK || st_c != EDGEC_OK) {
      printf("%s: object build %s, C build %s\n", example_names[k],
             edgec_status_string(st_obj), edgec_status_string(st_c));
      ++failures;
      continue;
    }
    for (i = 0; i < 10; ++i) {
      float d = from_obj[i] - from_c[i];
      d = d < 0.0f ? -d : d;
      apart = d > apart ? d : apart;
    }
    printf("%s: object build says %d, C build says %d, ONNX Runtime %d (label %d); "
           "max |obj - C| %g\n",
           example_names[k], argmax(from_obj), argmax(from_c), example_expected[k],
           example_labels[k], (double)apart);
    if (argmax(from_obj) != example_expected[k] || argmax(from_c) != example_expected[k])
      ++failures;
  }
  printf("%s\n", failures ? "MISMATCH" : "ok");
  return failures ? 1 : 0;
}
