// RUN: edgec-opt --edgec-convert-to-emitc %s | mlir-translate --mlir-to-cpp | FileCheck %s

// The Arm DSP intrinsics of the int8 kernels reach C as the runtime
// header's edgec_sxtb16 and edgec_smlad (ACLE on DSP cores, portable C
// elsewhere), so the C output runs the same kernels as the object.
// CHECK-LABEL: int32_t dsp(
// CHECK: edgec_sxtb16(
// CHECK: edgec_smlad(
// CHECK-NOT: llvm.
func.func @dsp(%a: i32, %b: i32, %acc: i32) -> i32 {
  %x = llvm.call_intrinsic "llvm.arm.sxtb16"(%a) : (i32) -> i32
  %y = llvm.call_intrinsic "llvm.arm.smlad"(%x, %b, %acc) : (i32, i32, i32) -> i32
  return %y : i32
}
