// RUN: edgec-opt --split-input-file --edgec-plan-arena --verify-diagnostics %s

// Allocations edgec-plan-arena cannot place.

// Tests that a dynamically shaped allocation is refused.
func.func @dynamic_alloc(%n: index) {
  // expected-error @+1 {{only static, identity-layout allocations can be planned}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

// Tests that an allocation with a non-identity layout is refused.
func.func @strided_alloc() {
  // expected-error @+1 {{only static, identity-layout allocations can be planned}}
  %a = memref.alloc() : memref<4x4xf32, strided<[8, 1]>>
  return
}
