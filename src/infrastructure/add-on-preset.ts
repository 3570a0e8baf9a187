import { AddOn, AddOnOptions } from './add-on';
import { IAddOnHost, IAddOnPreset } from './add-on-host';

/**
 * A preset that adds one Helm-sourced add-on under a fixed name, e.g. what `certManager({…})` returns.
 * Its `name` and `options` are open, so a preset can be installed under another name:
 * `repo.addAddOn('dns-internal', externalDns({…}).options)`.
 */
export class AddOnPreset implements IAddOnPreset<AddOn> {
  constructor(
    /** The add-on's name: its folder, Application and Helm release. */
    public readonly name: string,
    /** The options the add-on is added with. */
    public readonly options: AddOnOptions,
  ) {}

  /** Adds the add-on: `host.addAddOn(name, options)`. */
  public addTo(host: IAddOnHost): AddOn {
    return host.addAddOn(this.name, this.options);
  }
}
