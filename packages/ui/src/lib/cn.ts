/**
 * @module cn
 * Class name composition for Tailwind: conditional classes (clsx) with later utilities winning
 * over conflicting earlier ones (tailwind-merge).
 */
import { type ClassValue, clsx } from 'clsx';
import { twMerge } from 'tailwind-merge';

/**
 * Joins class names, dropping falsy ones and resolving Tailwind conflicts (last wins).
 *
 * @example cn('px-2 text-sm', isActive && 'bg-accent', className)
 */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
