// Everything the Auth Tokens panel shows in a dialog, loaded as one chunk the first time one opens (or is about to):
// Radix Dialog, the forms and their zod schemas are not needed to show the table.
export { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
export { EditTokenDialog } from './EditTokenDialog';
export { GenerateTokenDialog } from './GenerateTokenDialog';
export { RevealTokenDialog } from './RevealTokenDialog';
export { TokenImpact } from './TokenImpact';
