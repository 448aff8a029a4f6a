/**
 * Reference checks for the objects next to each Deployment: every HorizontalPodAutoscaler scales a
 * Deployment of the manifests, every PodDisruptionBudget selects the pods of exactly one Deployment,
 * and every ConfigMap a pod template names (envFrom, env valueFrom, volumes) is in the manifests
 * unless listed as external. Returns human-readable problems; `[]` when everything resolves.
 */
export function companionProblems(manifests: readonly any[], externalConfigMaps: readonly string[] = []): string[] {
  const problems: string[] = [];
  const deployments = manifests.filter((o) => o.kind === 'Deployment');
  const configMaps = new Set([...manifests.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name), ...externalConfigMaps]);
  for (const hpa of manifests.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const ref = hpa.spec.scaleTargetRef;
    if (ref.kind !== 'Deployment' || !deployments.some((d) => d.metadata.name === ref.name)) problems.push(`HPA ${hpa.metadata.name} scales ${ref.kind}/${ref.name}, which is not in the manifests`);
  }
  for (const pdb of manifests.filter((o) => o.kind === 'PodDisruptionBudget')) {
    const sel: Record<string, string> = pdb.spec.selector.matchLabels;
    const matched = deployments.filter((d) => Object.entries(sel).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
    if (matched.length !== 1) problems.push(`PDB ${pdb.metadata.name} selects the pods of ${matched.length} Deployments`);
  }
  for (const d of deployments) {
    const pod = d.spec.template.spec;
    const names = [
      ...(pod.volumes ?? []).map((v: any) => v.configMap?.name),
      ...pod.containers.flatMap((c: any) => [...(c.envFrom ?? []).map((e: any) => e.configMapRef?.name), ...(c.env ?? []).map((e: any) => e.valueFrom?.configMapKeyRef?.name)]),
    ].filter((n) => n !== undefined);
    for (const n of names) if (!configMaps.has(n)) problems.push(`Deployment ${d.metadata.name} uses ConfigMap ${n}, which is not in the manifests`);
  }
  return problems;
}

/** The ConfigMaps a Deployment's pods use. */
export function configMapsOf(d: any): string[] {
  const pod = d.spec.template.spec;
  return [
    ...(pod.volumes ?? []).map((v: any) => v.configMap?.name),
    ...pod.containers.flatMap((c: any) => (c.envFrom ?? []).map((e: any) => e.configMapRef?.name)),
  ].filter((n) => n !== undefined);
}
