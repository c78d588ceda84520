import { IConstruct } from 'constructs';
import { MetadataModel } from '../model/types';
import { checkAnnotations, checkLabels, checkOptionKeys, propNames } from './props';
import { extended } from '../model/objects';

/** Labels and annotations for the objects a construct emits. */
export interface ObjectMetadata {
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

const OBJECT_METADATA = propNames<ObjectMetadata>({ labels: true, annotations: true });

/** Validates a `metadata` prop; undefined when it adds nothing. */
export function metadataToModel(scope: IConstruct, field: string, metadata: ObjectMetadata | undefined): MetadataModel | undefined {
  if (metadata === undefined) return undefined;
  checkOptionKeys(scope, field, metadata, 'ObjectMetadata ({ labels, annotations })', OBJECT_METADATA);
  const labels = checkLabels(scope, `${field}.labels`, metadata.labels);
  const annotations = checkAnnotations(scope, `${field}.annotations`, metadata.annotations);
  if (Object.keys(labels).length === 0 && Object.keys(annotations).length === 0) return undefined;
  return { labels: { ...labels }, annotations: { ...annotations } };
}

/** Metadata from deprecated `labels`/`annotations` props and a `metadata` prop (which wins). */
export function mergeMetadata(legacy: { labels: Record<string, string>; annotations: Record<string, string> }, metadata: MetadataModel | undefined): MetadataModel | undefined {
  const labels = extended(legacy.labels, metadata?.labels ?? {});
  const annotations = extended(legacy.annotations, metadata?.annotations ?? {});
  if (Object.keys(labels).length === 0 && Object.keys(annotations).length === 0) return undefined;
  return { labels, annotations };
}
