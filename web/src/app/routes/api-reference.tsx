export { ApiReferencePage as Component } from '../../features/api-reference/ApiReferencePage';
