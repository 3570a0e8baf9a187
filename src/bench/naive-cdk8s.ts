import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { ManifestFile } from '../core/manifest';

/**
 * The same objects as plain cdk8s would hold them: one Chart per folder of the tree, one ApiObject per
 * object, synthesized with `App.synth()` into a file per resource. Building the App is the user's
 * definitions; only `synth()` is the cost compared.
 */
export function buildNaiveCdk8sApp(outdir: string, files: readonly ManifestFile[]): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const charts = new Map<string, Chart>();
  for (const file of files) {
    const slash = file.path.lastIndexOf('/');
    const folder = file.path.slice(0, slash);
    let chart = charts.get(folder);
    if (!chart) {
      chart = new Chart(app, folder.replace(/\//g, '-'), { disableResourceNameHashes: true });
      charts.set(folder, chart);
    }
    const base = file.path.slice(slash + 1).replace(/\.yaml$/, '');
    file.objects.forEach((obj, i) => {
      new ApiObject(chart, file.objects.length === 1 ? base : `${base}-${i}`, obj);
    });
  }
  return app;
}
