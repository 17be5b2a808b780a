#!/usr/bin/env bash
# Builds the libFuzzer targets with swiftc directly (SwiftPM's entry-point renaming for executables
# and libFuzzer's own main do not mix): the library compiled once with the sanitizers, then one
# small entry file per target linked against it.
# Usage: Fuzz/build.sh [out-dir]   (default Fuzz/bin, git-ignored; an absolute path or one relative to the package). Needs libgeos-dev libproj-dev zlib1g-dev libdeflate-dev libbz2-dev libgdal-dev.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-Fuzz/bin}
mkdir -p "$out/modules"
# swift-collections' HeapModule (used by the siting solvers) and Ink (the report's Markdown), built
# by SwiftPM. Its own scratch folder, so that this can run while `swift test` holds the package's .build.
scratch="$out/spm"
swift build -c release --target HeapModule --scratch-path "$scratch" >/dev/null
swift build -c release --target Ink --scratch-path "$scratch" >/dev/null
heap=$(swift build -c release --scratch-path "$scratch" --show-bin-path)
mapfile -t lib_sources < <(find Sources/LifeCircle -name '*.swift' | sort)
mapfile -t heap_objects < <(find "$heap/HeapModule.build" "$heap/InternalCollectionsUtilities.build" "$heap/Ink.build" -name '*.o' | sort)
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -package-name lifecircle
       -I Sources/CGEOS -I Sources/CPROJ -I Sources/CZlib -I Sources/CLibDeflate -I Sources/CBZip2 -I Sources/CGDAL -I "$heap/Modules" -I "$heap"
       -Xcc -I/usr/include/x86_64-linux-gnu -Xcc -I/usr/include/gdal)
swiftc -module-name LifeCircle -emit-library -static -o "$out/modules/libLifeCircle.a" \
  -emit-module -emit-module-path "$out/modules/LifeCircle.swiftmodule" "${flags[@]}" "${lib_sources[@]}"
for entry in Fuzz/Sources/fuzz-*; do
  name=$(basename "$entry")
  swiftc -module-name "${name//-/_}" -I "$out/modules" "${flags[@]}" "$entry"/*.swift \
    "$out/modules/libLifeCircle.a" "${heap_objects[@]}" -lgeos_c -lproj -lz -ldeflate -lbz2 -lgdal -o "$out/$name" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
  echo "built $out/$name"
done
