/** The Device object (/3) resources the ETS cases read, with the profile field that declares each. */
import type { DeclaredDevice } from '../dut-profile';

export interface DeviceResource {
  path: string;
  name: string;
  /** The declared value, when the DUT profile gives one. */
  declared: (d: DeclaredDevice) => string | undefined;
}

export const DEVICE_RESOURCES: DeviceResource[] = [
  { path: '/3/0/0', name: 'Manufacturer', declared: (d) => d.manufacturer },
  { path: '/3/0/1', name: 'Model Number', declared: (d) => d.modelNumber },
  { path: '/3/0/2', name: 'Serial Number', declared: (d) => d.serialNumber },
  { path: '/3/0/3', name: 'Firmware Version', declared: (d) => d.firmwareVersion },
  { path: '/3/0/11', name: 'Error Code', declared: () => undefined },
  { path: '/3/0/16', name: 'Supported Binding and Modes', declared: (d) => d.supportedBindings },
];
