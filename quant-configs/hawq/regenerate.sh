#!/usr/bin/env bash
# Regenerates the bundled HAWQ-V3 precision configs (quant-configs/<network>/hawq-*.yaml) from
# the key maps in this folder with `bitfluid import-hawq`. Run it from the repository root after
# `npm run build`; set BITFLUID to run another build of the command, for example
# BITFLUID="npx tsx src/cli/main.ts".
set -euo pipefail
cd "$(dirname "$0")/../.."
bitfluid=${BITFLUID:-node bin/bitfluid.js}

# HAWQ's resnet50 is the PyTorchCV v1 layout, bitfluid's network resnet50-v1.
for pair in resnet18:resnet18 resnet50:resnet50-v1; do
  hawq_network=${pair%%:*}
  network=${pair##*:}
  for scheme in latency bops modelsize; do
    id_scheme=${scheme/modelsize/size}
    for fraction in 0.75 0.5 0.25; do
      $bitfluid import-hawq "quant-configs/hawq/$hawq_network/${scheme}_$fraction.json" \
        --network "$network" --id "hawq-$id_scheme-$fraction" \
        --out "quant-configs/$network/hawq-$id_scheme-$fraction.yaml" --force --quiet
    done
  done
done
