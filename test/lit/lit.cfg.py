# lit configuration for edgec: one test file per op family, pass and import
# path; RUN lines use edgec-opt, edgec-import-onnx and edgec with FileCheck.
import os
import lit.formats

config.name = "edgec"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.edgec_obj_root, "test", "lit")
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py.in"]
config.environment["PATH"] = os.pathsep.join(
    [config.edgec_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
config.substitutions.append(("%runtime_include", os.path.join(config.edgec_src_root, "runtime", "include")))
config.substitutions.append(("%shared_models", os.path.normpath(
    os.path.join(config.edgec_src_root, "..", "shared", "models"))))
