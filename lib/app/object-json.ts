import { ApiObject } from 'cdk8s';

/** Reads an object's rendered JSON (`{}` when it cannot render: its own validation reports why). */
export type ObjectJson = (obj: ApiObject) => any;

/**
 * A reader that renders each object at most once: for one pass of the app checks, which read the
 * same Gateways, Services and routes in several checks (a Deployment render is the costly part of a
 * synth). Use a fresh one per pass: objects can change between validations.
 */
export function objectJsonOnce(): ObjectJson {
  const rendered = new Map<ApiObject, any>();
  return (obj) => {
    let json = rendered.get(obj);
    if (json === undefined) {
      try {
        json = obj.toJson();
      } catch {
        json = {};
      }
      rendered.set(obj, json);
    }
    return json;
  };
}
