/**
 * The CRM's start page: the contacts.
 */
import { redirect } from 'next/navigation';

export default function Home() {
  redirect('/contacts');
}
