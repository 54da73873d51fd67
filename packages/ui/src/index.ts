/**
 * @module @comptoir/ui
 * Shared React UI of the Comptoir web apps: accessible primitives (Radix, native controls),
 * theme (light, dark, system), the signed-in app shell, the sign-in and sign-up forms, and the
 * browser's API client. Styles: `@comptoir/ui/styles.css`. Server helpers: `@comptoir/ui/server`
 * and `@comptoir/ui/proxy`.
 */

// Auth pages
export { AuthLayout, type AuthLayoutProps } from './auth/auth-layout.js';
export { SignInForm, type SignInFormProps } from './auth/sign-in-form.js';
export { SignUpForm, type SignUpFormProps, type SignUpInvitation } from './auth/sign-up-form.js';
// Primitives
export { Alert, type AlertProps, InlineStatus, type InlineStatusProps } from './components/alert.js';
export { Badge, type BadgeProps } from './components/badge.js';
export { Button, type ButtonProps, buttonVariants } from './components/button.js';
export { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from './components/card.js';
export { Combobox, type ComboboxOption, type ComboboxProps } from './components/combobox.js';
export { ConfirmButton, type ConfirmButtonProps } from './components/confirm-button.js';
export {
  Dialog,
  DialogClose,
  DialogContent,
  type DialogContentProps,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  Sheet,
  SheetContent,
  type SheetContentProps,
  SheetTrigger,
} from './components/dialog.js';
export {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from './components/dropdown-menu.js';
export { EmptyState, type EmptyStateProps } from './components/empty-state.js';
export { Field, type FieldProps } from './components/field.js';
export {
  Checkbox,
  CheckboxField,
  type CheckboxFieldProps,
  Input,
  NativeSelect,
  Textarea,
} from './components/input.js';
export { Label } from './components/label.js';
export { PageHeader, type PageHeaderProps } from './components/page-header.js';
export { Popover, PopoverClose, PopoverContent, PopoverTrigger } from './components/popover.js';
export { Progress, type ProgressProps } from './components/progress.js';
export { LoadingState, type LoadingStateProps, Skeleton } from './components/skeleton.js';
export {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from './components/table.js';
export { TagInput, type TagInputProps } from './components/tag-input.js';
// Browser helpers
export {
  type ApiRequestOptions,
  type ApiResult,
  apiDownload,
  apiRequest,
  type Download,
  refreshSession,
  saveDownload,
} from './lib/api-client.js';
export { cn } from './lib/cn.js';
export { focusFirstInvalid, formValues } from './lib/forms.js';
export { initialsOf } from './lib/initials.js';
export { browserTimeZone, COMMON_CURRENCIES, currencies, timeZones } from './lib/locale-options.js';
export {
  describeProblem,
  errorAt,
  type FieldErrors,
  fieldErrorsOf,
  fieldErrorsOfIssues,
  formatWait,
  type IssueLike,
  pathErrorsOf,
  pathErrorsOfIssues,
} from './lib/problem.js';
export { safeNext } from './lib/redirect.js';
export { signOut } from './lib/sign-out.js';
// App shell
export { AppShell, type AppShellProps, shellApps } from './shell/app-shell.js';
export { MobileNav, SectionNav, type SectionNavProps } from './shell/nav.js';
export { TenantSwitcher, type TenantSwitcherProps } from './shell/tenant-switcher.js';
export type { ShellAppLink, ShellNavItem, ShellTenant, ShellUser } from './shell/types.js';
export { UserMenu, type UserMenuProps } from './shell/user-menu.js';
export { VerticalSwitcher, type VerticalSwitcherProps } from './shell/vertical-switcher.js';
// Theme
export { ThemeProvider, type ThemeProviderProps } from './theme/theme-provider.js';
export { ThemeRadioGroup, ThemeToggle } from './theme/theme-toggle.js';
