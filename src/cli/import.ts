import type { Argv, CommandModule } from 'yargs';
import { importOnnx } from '../network/onnx/import.js';
import { writeNetworkFile } from '../network/load.js';
import type { TensorShape } from '../network/types.js';
import { InputError } from '../util/errors.js';
import { writeResult, type GlobalOptions } from './context.js';

interface ImportOptions extends GlobalOptions {
  model: string;
  out: string;
  id?: string;
  inputShape?: string;
}

/** Parses `--input-shape C,H,W` (per image, without the batch axis). */
function parseInputShape(text: string): TensorShape {
  const parts = text.split(/[,x×]/).map((part) => part.trim());
  const values = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
  if (values.length !== 3 || values.some((value) => !Number.isInteger(value) || value < 1)) {
    throw new InputError({
      field: '--input-shape',
      value: text,
      expected: 'Expected three positive integers channels,height,width, for example 3,224,224.',
    });
  }
  return { channels: values[0], height: values[1], width: values[2] };
}

export const importCommand: CommandModule<GlobalOptions, ImportOptions> = {
  command: 'import <model>',
  describe: 'Convert an ONNX model into a bitfluid network file (JSON) with inferred shapes',
  builder: (yargs: Argv<GlobalOptions>) =>
    yargs
      .positional('model', { type: 'string', demandOption: true, describe: 'ONNX model file (.onnx); weights in external data files are not read' })
      .option('out', { type: 'string', demandOption: true, describe: 'Network file to write, for example networks/mine.json' })
      .option('id', { type: 'string', describe: 'Network id stored in the file (default: the model file name without extension)' })
      .option('input-shape', {
        type: 'string',
        describe: 'Input shape per image as channels,height,width, for example 3,224,224; needed when the model input has symbolic dims',
      }),
  handler: (options) => {
    const inputShape = options.inputShape === undefined ? undefined : parseInputShape(options.inputShape);
    const network = importOnnx(options.model, { id: options.id, inputShape });
    writeNetworkFile(options.out, network);

    const { params, macs } = network.totals;
    writeResult(
      `wrote ${options.out}: network "${network.id}", ${network.layers.length} layers, ` +
        `${params.toLocaleString('en-US')} params, ${macs.toLocaleString('en-US')} MACs per image`,
    );
  },
};
