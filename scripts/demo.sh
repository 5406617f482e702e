#!/usr/bin/env bash
# The main job: set up, build edgec, compile the bundled MNIST model to C99
# and to an object file for the host, link each into a small program and run
# it on three real digits.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/setup.sh"
bash "$here/scripts/build.sh"
out="$here/build/demo"
mkdir -p "$out"
edgec="$here/build/bin/edgec"
ex="$here/examples/mnist"
cflags=(-std=c99 -O2 -Wall -Wextra -Werror -pedantic -I "$here/runtime/include" -I "$out")

echo "== compile mnist-8.onnx to C99"
"$edgec" "$ex/mnist-8.onnx" -o "$out" --name mnist --emit=c
gcc "${cflags[@]}" "$ex/main.c" "$out/mnist.c" -lm -o "$out/mnist_c"
echo "== compile mnist-8.onnx to a host object file"
"$edgec" "$ex/mnist-8.onnx" -o "$out/obj" --name mnist --emit=obj
gcc "${cflags[@]/$out/$out/obj}" "$ex/main.c" "$out/obj/mnist.o" -lm -o "$out/mnist_obj"

echo "== run (C99 build)"
"$out/mnist_c" "$ex"/digit_*.f32
echo "== run (object build)"
"$out/mnist_obj" "$ex"/digit_*.f32 | grep prediction
