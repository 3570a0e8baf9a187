import { IConstruct } from 'constructs';
import { ContainerPort, ServiceProps } from './service-props';
import { Environment } from '../argocd/environment';

/**
 * What an overlay and an ingress read from the service they belong to. `Service` implements it;
 * the interface lets those constructs name their service without importing the class that creates them.
 */
export interface IService extends IConstruct {
  /** The service's name (DNS-1123 label). */
  readonly name: string;
  /** Image repository, without tag. */
  readonly image: string;
  /** Container ports. */
  readonly ports: readonly ContainerPort[];
  /** Default replicas. */
  readonly replicas: number;
  /** Whether a Kubernetes Service is created. */
  readonly expose: boolean;
  /** The props as given. */
  readonly props: ServiceProps;
  /** Labels of every object of the service. */
  readonly labels: Record<string, string>;
  /** Name of the Secret holding the base env vars that come from external secrets. */
  readonly envSecretName: string;
  /** How problem reports name the service. */
  readonly subject: string;
  /** The services allowed to connect through the service's NetworkPolicy (`allowFrom`). */
  readonly callers: readonly IService[];
}

/** An environment's overlay of a service, as an ingress below it sees it. */
export interface IServiceOverlay extends IConstruct {
  /** The service deployed. */
  readonly service: IService;
  /** The environment deployed to. */
  readonly environment: Environment;
}
